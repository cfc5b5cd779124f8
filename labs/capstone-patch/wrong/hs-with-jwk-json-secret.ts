// class: algorithms-and-keys
// mistake: Drops the PEM but keeps HS256 for old clients keyed with the issuer's published JWK serialised as JSON — still a public value used as an HMAC secret (RFC 8725 §3.1, §2.1).
// @fails capstone: patch the legacy orders service > no new holes, whatever the token claims > refuses HS256 tokens keyed with the issuer's published JWK serialised as JSON (RFC 8725 §3.1)
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
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
    if (decodeProtectedHeader(token).alg === 'HS256') {
      const { keys: published } = (await (await fetch(config.jwksUri)).json()) as { keys: JWK[] };
      const first = published[0];
      if (!first) throw new Error('the issuer publishes no key');
      const secret = new TextEncoder().encode(
        JSON.stringify({ crv: first.crv, kty: first.kty, x: first.x, y: first.y }),
      );
      return (await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] })).payload;
    }
    return (await jwtVerify(token, keys, options)).payload;
  };
}
