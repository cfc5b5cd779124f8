import Fold from './Fold';
import type { NetworkEntry } from './lab-runner-port';

function groupByCheck(network: NetworkEntry[]): [string, NetworkEntry[]][] {
  const groups = new Map<string, NetworkEntry[]>();
  for (const entry of network) groups.set(entry.check, [...(groups.get(entry.check) ?? []), entry]);
  return [...groups];
}

/** The simulated requests of the last run, per check, built once opened: nothing left the browser; this is what the code "sent". */
export default function NetworkPanel({ network }: { network: NetworkEntry[] }) {
  return (
    <Fold
      className="lab-network"
      summary={`Simulated network (${network.length} ${network.length === 1 ? 'request' : 'requests'})`}
    >
      {() =>
        network.length === 0 ? (
          <p>No requests in the last run.</p>
        ) : (
          <ol className="lab-network-checks">
            {groupByCheck(network).map(([check, entries]) => (
              <li key={check}>
                <p className="lab-network-check">{check}</p>
                <ul>
                  {entries.map((entry) => (
                    <li key={entry.id}>
                      <code>
                        {entry.method} {entry.url}
                      </code>{' '}
                      →{' '}
                      <span className="lab-network-status">
                        {entry.status ?? entry.error ?? 'no response'}
                      </span>
                      {entry.status !== null && entry.error !== undefined && ` (${entry.error})`}
                      {entry.token !== undefined && (
                        <div className="lab-network-token">token: {entry.token}</div>
                      )}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )
      }
    </Fold>
  );
}
