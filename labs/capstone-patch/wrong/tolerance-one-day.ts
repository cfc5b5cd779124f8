// class: time
// mistake: Raises clockTolerance to a day "for the batch hosts with bad clocks", so expired tokens keep working for 24 h (RFC 7519 §4.1.4).
// @fails capstone: patch the legacy orders service > no new holes > refuses tampered, misdirected, mistyped, never-expiring and expired tokens
// @fails capstone: patch the legacy orders service > no new holes, whatever the token claims > refuses a token issued 16 minutes ago that has not expired yet (15-minute policy)
// @fails capstone: patch the legacy orders service > over the life of the service > refuses a token once it has expired, however long ago the service started and whether or not it served it before
// @fails capstone: patch the legacy orders service > over the life of the service > refuses a long-lived token once it was issued more than 15 minutes ago, even though it was served before
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';

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
    clockTolerance: '1d',
    maxTokenAge: '15m',
  };

  return async function verify(token: string): Promise<JWTPayload> {
    return (await jwtVerify(token, keys, options)).payload;
  };
}
