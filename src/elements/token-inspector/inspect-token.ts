import { claimWarnings } from './claim-warnings';
import { decodeBase64url, decodeText, parseJsonObject } from './decode-part';
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
  const token = input.trim().replace(/^Bearer\s+/i, '');
  if (token.length === 0) throw new InspectionError('ERR_EMPTY', 'Paste a token to inspect it.', 'token');
  const parts = token.split('.');
  if (parts.length !== 3 && parts.length !== 5) {
    throw new InspectionError(
      'ERR_NOT_COMPACT',
      `A compact JWS has 3 dot-separated parts and a JWE has 5; this has ${parts.length}.`,
      'token',
    );
  }
  const headerJson = decodeText(parts[0]!, 'header');
  const header = parseJsonObject(headerJson, 'header');
  const bySeverity = (a: InspectionWarning, b: InspectionWarning) =>
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];

  if (parts.length === 5) {
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

  const payloadJson = decodeText(parts[1]!, 'payload');
  const payload = parseJsonObject(payloadJson, 'payload');
  const signatureBytes = decodeBase64url(parts[2]!, 'signature').length;
  const duplicates: InspectionWarning[] = [
    ...duplicateMembers(headerJson).map((name) => duplicateWarning('header parameter', name)),
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
