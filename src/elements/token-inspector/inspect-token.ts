import { claimWarnings } from './claim-warnings';
import { decodeCompact } from './decode-compact';
import { duplicateMembers } from './duplicate-members';
import { explainClaims, explainHeader } from './explain-members';
import { headerWarnings } from './header-warnings';
import { jweWarnings } from './jwe-warnings';
import { InspectionError, type Inspection, type InspectionWarning } from './inspection';

const SEVERITY_ORDER = { danger: 0, caution: 1, info: 2 } as const;

function duplicateWarning(what: string, name: string): InspectionWarning {
  return {
    code: 'DUPLICATE_MEMBER',
    severity: 'danger',
    message: `The ${what} "${name}" appears more than once. JSON parsers disagree on which copy wins, so a gateway and a service can see different values; this inspector, like jose, shows the last (RFC 7519 §4).`,
  };
}

/**
 * Decodes a compact JWS or JWE and explains it. Decoding only: nothing here verifies a signature, and
 * nothing leaves the page. Accepts a pasted `Authorization` value ("Bearer …") for convenience.
 */
export function inspectToken(input: string, now: Date): Inspection {
  const decoded = decodeCompact(input);
  const { header } = decoded;
  const bySeverity = (a: InspectionWarning, b: InspectionWarning) =>
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];

  if (decoded.kind === 'jwe') {
    return {
      kind: 'jwe',
      header,
      headerMembers: explainHeader(header),
      payload: undefined,
      claims: [],
      signatureBytes: undefined,
      warnings: jweWarnings(header).sort(bySeverity),
    };
  }

  if (decoded.payload instanceof InspectionError) throw decoded.payload;
  const { claims: payload, json: payloadJson } = decoded.payload!;
  const signatureBytes = decoded.signatureBytes!;
  const duplicates: InspectionWarning[] = [
    ...duplicateMembers(decoded.headerJson).map((name) => duplicateWarning('header parameter', name)),
    ...duplicateMembers(payloadJson).map((name) => duplicateWarning('claim', name)),
  ];
  return {
    kind: 'jws',
    header,
    headerMembers: explainHeader(header),
    payload,
    claims: explainClaims(payload, now),
    signatureBytes,
    warnings: [...duplicates, ...headerWarnings(header, signatureBytes), ...claimWarnings(payload, now)].sort(
      bySeverity,
    ),
  };
}
