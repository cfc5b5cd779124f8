import type { CheckEvidence } from '../../schemas/check-result';
import { decodeJwt } from './decode-jwt';

const pretty = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/** What an attack check sent: the hostile token decoded locally, and the clauses it enforces. */
export default function EvidenceView({ evidence }: { evidence: CheckEvidence }) {
  const decoded = evidence.token === undefined ? undefined : decodeJwt(evidence.token);
  return (
    <div className="lab-evidence">
      {evidence.note && <p>{evidence.note}</p>}
      {evidence.clauses.length > 0 && (
        <p>
          Enforces: <span className="lab-clauses">{evidence.clauses.join(', ')}</span>
        </p>
      )}
      {evidence.token !== undefined && (
        <details>
          <summary>The token the check sent</summary>
          <pre className="lab-token">{evidence.token}</pre>
          {decoded?.ok ? (
            <div className="lab-token-parts">
              <p>Header (decoded here, not verified)</p>
              <pre>{pretty(decoded.header)}</pre>
              <p>Payload</p>
              <pre>{pretty(decoded.payload)}</pre>
            </div>
          ) : (
            <p>Not decodable: {decoded?.reason}</p>
          )}
        </details>
      )}
    </div>
  );
}
