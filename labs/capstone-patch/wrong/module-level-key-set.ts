// class: state
// mistake: the remote key set is a module-level singleton created from the first config, so a second verifier configured for another issuer/jwksUri trusts the first issuer's keys (and keeps serving when its own key set is down); breaks "signed by a key from config.jwksUri".
// @fails capstone: patch the legacy orders service > over the life of the service > keeps each verifier to its own audience, issuer and key set when several live in one process
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
/** One key set per process: the service only has one authorization server. */
let sharedKeys: ReturnType<typeof createRemoteJWKSet> | undefined;

export function createLegacyOrdersVerifier(
  config: OrdersVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  sharedKeys ??= createRemoteJWKSet(new URL(config.jwksUri));
  const keys = sharedKeys;
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
    return (await jwtVerify(token, keys, options)).payload;
  };
}
