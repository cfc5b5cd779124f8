import type { ExplainedMember } from './inspection';
import { describeTime } from './describe-time';

/** RFC 7515 §4.1, RFC 7516 §4.1 and RFC 7519 §5 header parameters. */
const HEADER_MEANINGS: Record<string, string> = {
  alg: 'Algorithm used to sign (JWS) or to encrypt the key (JWE); a verifier checks it against its own allow-list (RFC 7515 §4.1.1).',
  typ: 'Media type of the whole token, e.g. at+jwt for an OAuth access token (RFC 7515 §4.1.9, RFC 9068 §2.1).',
  cty: 'Media type of the payload; "JWT" marks a nested JWT (RFC 7519 §5.2).',
  kid: 'Key id: a hint for choosing among the issuer’s keys, matched exactly, never used as a path or query (RFC 7515 §4.1.4).',
  jku: 'URL of a JWK Set. Verifiers must not fetch keys from a URL the token names (RFC 8725 §3.10).',
  jwk: 'A public key embedded in the header. Trusting it lets anyone sign (RFC 7515 §4.1.3).',
  x5u: 'URL of an X.509 certificate chain; same risk as jku (RFC 7515 §4.1.5).',
  x5c: 'An embedded X.509 certificate chain; trust it only after validating the chain to a configured root (RFC 7515 §4.1.6).',
  x5t: 'SHA-1 thumbprint of the signing certificate (RFC 7515 §4.1.7).',
  'x5t#S256': 'SHA-256 thumbprint of the signing certificate (RFC 7515 §4.1.8).',
  crit: 'Extensions the recipient must understand, or reject the token (RFC 7515 §4.1.11).',
  b64: 'false means an unencoded payload (RFC 7797); JWTs must not use it.',
  enc: 'Content encryption algorithm of a JWE (RFC 7516 §4.1.2).',
  zip: 'Compression of a JWE payload before encryption (RFC 7516 §4.1.3).',
};

/** RFC 7519 §4.1 registered claims plus the common OAuth ones (RFC 9068, RFC 8693). */
const CLAIM_MEANINGS: Record<string, string> = {
  iss: 'Issuer: who created and signed the token; compared exactly with the trusted issuer (RFC 7519 §4.1.1).',
  sub: 'Subject: whom the token is about, unique within its issuer (RFC 7519 §4.1.2).',
  aud: 'Audience: who the token is meant for; a recipient not named here must reject it (RFC 7519 §4.1.3).',
  exp: 'Expiration time: the token must not be accepted on or after it (RFC 7519 §4.1.4).',
  nbf: 'Not before: the token must not be accepted before it (RFC 7519 §4.1.5).',
  iat: 'Issued at: when the token was created; lets a verifier bound its age (RFC 7519 §4.1.6).',
  jti: 'JWT ID: a unique identifier, used against replay and to key revocation (RFC 7519 §4.1.7).',
  scope: 'Granted scopes, space-separated (RFC 8693 §4.2, RFC 9068 §2.2.3).',
  client_id: 'The OAuth client the token was issued to (RFC 9068 §2.2, RFC 8693 §4.3).',
  auth_time: 'When the user last authenticated (RFC 9068 §2.2.1).',
  acr: 'Authentication context class reference (RFC 9068 §2.2.1).',
  amr: 'Authentication methods used (RFC 9068 §2.2.1).',
  cnf: 'Confirmation: binds the token to a key, e.g. a DPoP key thumbprint (RFC 7800, RFC 9449).',
  azp: 'Authorized party: the client the ID token was issued to (OpenID Connect Core).',
  nonce: 'Replay protection value echoed from the authorization request (OpenID Connect Core).',
};

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time']);

export function explainHeader(header: Record<string, unknown>): ExplainedMember[] {
  return Object.entries(header).map(([name, value]) => ({
    name,
    value: JSON.stringify(value),
    meaning: HEADER_MEANINGS[name],
  }));
}

export function explainClaims(payload: Record<string, unknown>, now: Date): ExplainedMember[] {
  return Object.entries(payload).map(([name, value]) => {
    const member: ExplainedMember = { name, value: JSON.stringify(value), meaning: CLAIM_MEANINGS[name] };
    if (TIME_CLAIMS.has(name) && typeof value === 'number' && Number.isFinite(value)) {
      member.time = describeTime(value, now);
    }
    return member;
  });
}
