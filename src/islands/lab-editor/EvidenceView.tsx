import { Fragment, memo, useContext, useMemo, useState } from 'react';
import type { CheckEvidence } from '../../schemas/check-result';
import { decodeCompact, type DecodedCompact } from '../../elements/token-inspector/decode-compact';
import { clauseAnchor } from '../../site/reference-anchor';
import { ReferencesPage } from './references-page';

const pretty = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/** The token taken apart for display, or why it is no JWT (a hostile token may be anything). */
function decodeForDisplay(
  token: string,
): { ok: true; decoded: DecodedCompact } | { ok: false; reason: string } {
  try {
    return { ok: true, decoded: decodeCompact(token) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function payloadText(decoded: DecodedCompact): string {
  if (decoded.kind === 'jwe') return '(encrypted)';
  // RFC 7519 requires a JSON payload, but an attack may send anything: say what it is instead.
  if (decoded.payload instanceof Error) return `(${decoded.payload.message})`;
  return pretty(decoded.payload?.claims);
}

/**
 * What an attack check sent: the hostile token decoded locally, and the clauses it enforces. A lab with
 * dozens of attack checks shows dozens of tokens, so each is decoded only once the learner opens it.
 */
function EvidenceView({ evidence }: { evidence: CheckEvidence }) {
  const [opened, setOpened] = useState(false);
  const referencesPage = useContext(ReferencesPage);
  const decoded = useMemo(
    () => (opened && evidence.token !== undefined ? decodeForDisplay(evidence.token) : undefined),
    [opened, evidence.token],
  );
  return (
    <div className="lab-evidence">
      {evidence.note && <p>{evidence.note}</p>}
      {evidence.clauses.length > 0 && (
        <p>
          Enforces:{' '}
          <span className="lab-clauses">
            {evidence.clauses.map((clause, i) => {
              const anchor = clauseAnchor(clause);
              return (
                <Fragment key={i}>
                  {i > 0 && ', '}
                  {anchor && referencesPage ? <a href={`${referencesPage}#${anchor}`}>{clause}</a> : clause}
                </Fragment>
              );
            })}
          </span>
        </p>
      )}
      {evidence.token !== undefined && (
        <details onToggle={(event) => event.currentTarget.open && setOpened(true)}>
          <summary>The token the check sent</summary>
          <pre className="lab-token">{evidence.token}</pre>
          {decoded?.ok ? (
            <div className="lab-token-parts">
              <p>Header (decoded here, not verified)</p>
              <pre>{pretty(decoded.decoded.header)}</pre>
              <p>Payload</p>
              <pre>{payloadText(decoded.decoded)}</pre>
            </div>
          ) : (
            decoded && <p>{decoded.reason}</p>
          )}
        </details>
      )}
    </div>
  );
}

export default memo(EvidenceView);
