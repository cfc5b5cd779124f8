// class: required-member
// mistake: Removes the three paths and, with them, the options object: jwtVerify(token, keys, { algorithms }) checks the signature only, so misdirected, mistyped and never-expiring tokens of the issuer pass (RFC 9068 §4).
// @fails capstone: patch the legacy orders service > no new holes > refuses tampered, misdirected, mistyped, never-expiring and expired tokens
// @fails capstone: patch the legacy orders service > no new holes, whatever the token claims > refuses the issuer's own signed tokens that are not access tokens (typ JWT, or no typ)
// @fails capstone: patch the legacy orders service > no new holes, whatever the token claims > refuses tokens signed with the issuer's key that name another issuer or a look-alike of it
// @fails capstone: patch the legacy orders service > no new holes, whatever the token claims > refuses tokens for look-alike audiences of the orders service
// @fails capstone: patch the legacy orders service > no new holes, whatever the token claims > refuses a token issued 16 minutes ago that has not expired yet (15-minute policy)
// @fails capstone: patch the legacy orders service > over the life of the service > refuses a long-lived token once it was issued more than 15 minutes ago, even though it was served before
// @fails capstone: patch the legacy orders service > over the life of the service > keeps each verifier to its own audience, issuer and key set when several live in one process
// @fails capstone: patch the legacy orders service > required claims > refuses an access token signed by the issuer that lacks any one of iss, aud, exp, iat, jti, sub or client_id (RFC 9068 §2.2)
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
    clockTolerance: 30,
    maxTokenAge: '15m',
  };

  return async function verify(token: string): Promise<JWTPayload> {
    return (await jwtVerify(token, keys, { algorithms: options.algorithms ?? ['ES256'] })).payload;
  };
}
