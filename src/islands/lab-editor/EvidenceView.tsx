import { memo, useMemo, useState } from 'react';
import type { CheckEvidence } from '../../schemas/check-result';
import { decodeJwt } from './decode-jwt';

const pretty = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/**
 * What an attack check sent: the hostile token decoded locally, and the clauses it enforces. A lab with
 * dozens of attack checks shows dozens of tokens, so each is decoded only once the learner opens it.
 */
function EvidenceView({ evidence }: { evidence: CheckEvidence }) {
  const [opened, setOpened] = useState(false);
  const decoded = useMemo(
    () => (opened && evidence.token !== undefined ? decodeJwt(evidence.token) : undefined),
    [opened, evidence.token],
  );
  return (
    <div className="lab-evidence">
      {evidence.note && <p>{evidence.note}</p>}
      {evidence.clauses.length > 0 && (
        <p>
          Enforces: <span className="lab-clauses">{evidence.clauses.join(', ')}</span>
        </p>
      )}
      {evidence.token !== undefined && (
        <details onToggle={(event) => event.currentTarget.open && setOpened(true)}>
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
            decoded && <p>Not decodable: {decoded.reason}</p>
          )}
        </details>
      )}
    </div>
  );
}

export default memo(EvidenceView);
