import type { NetworkEntry } from './lab-runner-port';

/** The simulated requests of the last run: nothing left the browser; this is what the code "sent". */
export default function NetworkPanel({ network }: { network: NetworkEntry[] }) {
  return (
    <details className="lab-network">
      <summary>
        Simulated network ({network.length} {network.length === 1 ? 'request' : 'requests'})
      </summary>
      {network.length === 0 ? (
        <p>No requests in the last run.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
              <th scope="col">Check</th>
            </tr>
          </thead>
          <tbody>
            {network.map((entry) => (
              <tr key={`${entry.check}-${entry.id}`}>
                <td>{entry.id}</td>
                <td>
                  <code>
                    {entry.method} {entry.url}
                  </code>
                  {entry.token !== undefined && <div className="lab-network-token">token: {entry.token}</div>}
                </td>
                <td>{entry.status ?? entry.error ?? 'no response'}</td>
                <td>{entry.check}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
