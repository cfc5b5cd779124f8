// class: algorithms-and-keys
// mistake: Keeps the partners' jwk-header path but accepts it when the jwk's kid is one the issuer publishes, which checks a label, not the key: an attacker copies the kid onto their own key (RFC 8725 §3.10).
// @fails capstone: patch the legacy orders service > no new holes, whatever the token claims > refuses a self-signed token whose embedded jwk copies the issuer's published kid (RFC 8725 §3.10)
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  EmbeddedJWK,
  jwtVerify,
  type JWK,
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
    if (header.jwk) {
      const { keys: published } = (await (await fetch(config.jwksUri)).json()) as { keys: JWK[] };
      if (!published.some((key) => key.kid !== undefined && key.kid === header.jwk?.kid)) {
        throw new Error('unknown partner key');
      }
      return (await jwtVerify(token, EmbeddedJWK, options)).payload;
    }
    return (await jwtVerify(token, keys, options)).payload;
  };
}
