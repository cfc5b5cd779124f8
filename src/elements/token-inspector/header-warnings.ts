import type { InspectionWarning } from './inspection';

// A "/" alone is normal (standard-base64 kids contain it); a ".." segment or a path to a system file is not.
const TRAVERSAL_KID = /(^|[/\\])\.\.([/\\]|$)|^[/\\](dev|etc|proc|sys|tmp|var|usr|bin|home|root)([/\\]|$)/i;
// Quotes, SQL and shell metacharacters, backslashes and whitespace: none of them appear in a base64 kid.
const INJECTION_KID = /[\\'"`;|&$<>(){}\s]/;
const hasControlCharacter = (text: string) =>
  [...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

/** Warnings about the protected header: attack patterns first, then weaknesses and context. */
export function headerWarnings(
  header: Record<string, unknown>,
  signatureLength: number | undefined,
): InspectionWarning[] {
  const warnings: InspectionWarning[] = [];
  const alg = header['alg'];
  if (alg === undefined) {
    warnings.push({
      code: 'MISSING_ALG',
      severity: 'danger',
      message:
        'No "alg": a malformed JWS, since the header parameter is required (RFC 7515 §4.1.1). Verifiers must reject it; it is not an unsecured token, which says "alg": "none".',
    });
  } else if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
    warnings.push({
      code: 'ALG_NONE',
      severity: 'danger',
      message: `"alg": "${alg}": an unsecured token with no signature. Access tokens must be signed and verifiers must never accept "none" (RFC 8725 §3.1, RFC 9068 §2.1).`,
    });
  } else if (signatureLength === 0) {
    warnings.push({
      code: 'EMPTY_SIGNATURE',
      severity: 'danger',
      message: `The header claims ${String(alg)} but the signature part is empty: a stripped signature that must fail verification.`,
    });
  }
  if ('jku' in header) {
    warnings.push({
      code: 'HEADER_JKU',
      severity: 'danger',
      message:
        '"jku" names a URL to fetch keys from. A verifier that follows it lets the token choose its own key and makes the server fetch attacker URLs (RFC 8725 §3.10).',
    });
  }
  if ('x5u' in header) {
    warnings.push({
      code: 'HEADER_X5U',
      severity: 'danger',
      message:
        '"x5u" names a URL to fetch a certificate from: the same key-injection and request-forgery risk as "jku" (RFC 8725 §3.10).',
    });
  }
  if ('jwk' in header) {
    warnings.push({
      code: 'HEADER_JWK',
      severity: 'danger',
      message:
        '"jwk" embeds a public key. Verifying with it proves only that whoever made the token holds that key (CVE-2018-0114); legitimate only for DPoP proofs bound by thumbprint.',
    });
  }
  if ('x5c' in header) {
    warnings.push({
      code: 'HEADER_X5C',
      severity: 'caution',
      message:
        '"x5c" embeds a certificate chain. Trust it only after validating the chain to a root you configured, never as-is.',
    });
  }
  const kidProblem = 'kid' in header ? describeKidProblem(header['kid']) : undefined;
  if (kidProblem) {
    warnings.push({
      code: 'KID_SUSPICIOUS',
      severity: 'danger',
      message: `"kid" ${kidProblem}: a sign of kid injection. Match kid exactly against a key set; never use it in a path, query or command (RFC 8725 §3.10).`,
    });
  }
  if ('crit' in header) {
    warnings.push({
      code: 'CRIT_PRESENT',
      severity: 'caution',
      message:
        '"crit" lists extensions the verifier must understand; a verifier that does not implement them must reject the token (RFC 7515 §4.1.11).',
    });
  }
  if (header['b64'] === false) {
    warnings.push({
      code: 'B64_FALSE',
      severity: 'danger',
      message:
        '"b64": false means an unencoded payload (RFC 7797). JWTs must not use it; jose rejects such JWTs.',
    });
  }
  if (alg === 'EdDSA') {
    warnings.push({
      code: 'DEPRECATED_ALG',
      severity: 'info',
      message:
        '"EdDSA" is the deprecated polymorphic name; Ed25519 signatures are now "Ed25519" (RFC 9864). Allow-lists name one or the other, so check which one yours accepts.',
    });
  }
  if (typeof alg === 'string' && /^HS(256|384|512)$/.test(alg)) {
    warnings.push({
      code: 'SYMMETRIC_ALG',
      severity: 'info',
      message: `${alg} is an HMAC: every party that can verify this token can also mint one, and a weak secret can be brute-forced offline from this very token (RFC 8725 §3.5).`,
    });
  }
  if (!('typ' in header)) {
    warnings.push({
      code: 'NO_TYP',
      severity: 'info',
      message:
        'No "typ": nothing distinguishes this token from other JWTs the issuer signs. OAuth access tokens carry "at+jwt" (RFC 9068 §2.1, RFC 8725 §3.11).',
    });
  }
  return warnings;
}

/** What is wrong with a `kid`, or `undefined` when it looks like an ordinary key id. */
function describeKidProblem(kid: unknown): string | undefined {
  if (typeof kid !== 'string') return 'is not a string';
  if (kid.length === 0) return 'is empty';
  if (kid.length > 128) return 'is unusually long';
  if (TRAVERSAL_KID.test(kid)) return 'is shaped like a file path (a ".." segment or a system directory)';
  if (INJECTION_KID.test(kid) || hasControlCharacter(kid))
    return 'contains quote, shell, backslash, whitespace or control characters';
  return undefined;
}
