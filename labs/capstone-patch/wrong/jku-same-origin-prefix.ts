// class: algorithms-and-keys
// mistake: a jku header is honoured when it "starts with the issuer's origin", a prefix test that https://as.example.test.evil.example/jwks also passes, so an attacker-hosted key set is fetched and trusted; breaks "no key the token names… such URLs are never fetched".
// @fails capstone: patch the legacy orders service > no new holes > refuses jku URLs that only look like the issuer's and never fetches them (RFC 8725 §3.10)
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyOptions,
} from 'jose';

/** Where the orders service's trust comes from. */
export interface OrdersVerifierConfig {
  /** The authorization server's issuer identifier. */
  issuer: string;
  /** The orders service's identifier, which must appear in `aud`. */
  audience: string;
  /** The authorization server's `jwks_uri`. */
  jwksUri: string;
}

/**
 * The orders service's token verification after the fix. The three header-driven paths are gone:
 * - alg none: an unsigned token proves nothing about who wrote it (RFC 8725 §3.2, RFC 7518 §3.6);
 * - the jwk header: a key the token brings vouches only for itself (RFC 8725 §3.10, RFC 7517 §9.1);
 * - HS* with the public key: a public key is not a secret (RFC 8725 §2.1, §3.1).
 * What is left is one path whose algorithm and keys come from configuration, never from the token.
 */
export function createLegacyOrdersVerifier(
  config: OrdersVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  const options: JWTVerifyOptions = {
    algorithms: ['ES256'],
    issuer: config.issuer,
    audience: config.audience,
    typ: 'at+jwt',
    requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
    clockTolerance: 30,
    maxTokenAge: '15m',
  };

  return async function verify(token: string): Promise<JWTPayload> {
    const header = decodeProtectedHeader(token);
    // Key rotation via jku: only for key sets on the authorization server itself.
    const origin = new URL(config.jwksUri).origin;
    if (typeof header.jku === 'string' && header.jku !== config.jwksUri && header.jku.startsWith(origin))
      return (await jwtVerify(token, createRemoteJWKSet(new URL(header.jku)), options)).payload;
    return (await jwtVerify(token, keys, options)).payload;
  };
}
