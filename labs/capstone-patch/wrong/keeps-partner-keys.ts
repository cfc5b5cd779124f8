/**
 * Mistake: keeping the embedded-jwk path "because partners need it". A key that arrives inside the token
 * vouches only for itself; partners' keys must come from configuration (their own JWKS), never from the
 * token (RFC 8725 §3.10, RFC 7517 §9.1).
 *
 * @fails capstone: patch the legacy orders service > the three exploits > refuses tokens signed by the key in their own jwk header (bug 2, RFC 8725 §3.10)
 * @fails capstone: patch the legacy orders service > no new holes, whatever the token claims > refuses a self-signed token whose embedded jwk copies the issuer's published kid (RFC 8725 §3.10)
 * @fails capstone: patch the legacy orders service > no new holes, whatever the token claims > refuses self-signed tokens while the issuer's key set cannot be fetched
 */
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  EmbeddedJWK,
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
 * The orders service's token verification after this patch. It resolves to the
 * claims the service authorises with, and throws to refuse the request.
 */
export function createLegacyOrdersVerifier(
  config: OrdersVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  const options: JWTVerifyOptions = {
    issuer: config.issuer,
    audience: config.audience,
    typ: 'at+jwt',
    requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
    clockTolerance: 30,
    maxTokenAge: '15m',
  };

  return async function verify(token: string): Promise<JWTPayload> {
    const header = decodeProtectedHeader(token);
    // Partners send the key they signed with, so we do not have to keep theirs.
    if (header.jwk) return (await jwtVerify(token, EmbeddedJWK, options)).payload;
    return (await jwtVerify(token, keys, { ...options, algorithms: ['ES256'] })).payload;
  };
}
