/**
 * Mistake: fixing the bug that was demonstrated first and shipping. The alg none path is gone, but the
 * embedded-jwk and public-key-as-HMAC paths still let anyone mint admin tokens (RFC 8725 §3.10, §3.1).
 *
 * @fails capstone: patch the legacy orders service > the three exploits > refuses tokens signed by the key in their own jwk header (bug 2, RFC 8725 §3.10)
 * @fails capstone: patch the legacy orders service > the three exploits > refuses HS256 tokens keyed with the issuer's public key in any encoding (bug 3, RFC 8725 §3.1)
 * @fails capstone: patch the legacy orders service > no new holes, whatever the token claims > refuses a self-signed token whose embedded jwk copies the issuer's published kid (RFC 8725 §3.10)
 * @fails capstone: patch the legacy orders service > no new holes, whatever the token claims > refuses self-signed tokens while the issuer's key set cannot be fetched
 */
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  EmbeddedJWK,
  exportSPKI,
  importJWK,
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

  /** "The verification key" as PEM text, which is what the old HS256 clients were configured with. */
  async function issuerPublicKeyPem(): Promise<Uint8Array> {
    const { keys: published } = (await (await fetch(config.jwksUri)).json()) as { keys: JWK[] };
    const first = published[0];
    if (!first) throw new Error('the issuer publishes no key');
    const key = await importJWK(first, 'ES256', { extractable: true });
    if (key instanceof Uint8Array) throw new Error('the issuer key is not a public key');
    return new TextEncoder().encode(await exportSPKI(key));
  }

  return async function verify(token: string): Promise<JWTPayload> {
    const header = decodeProtectedHeader(token);
    // Partners send the key they signed with, so we do not have to keep theirs.
    if (header.jwk) return (await jwtVerify(token, EmbeddedJWK, options)).payload;
    // Old clients still send HS256 tokens made with the verification key.
    if (header.alg?.startsWith('HS'))
      return (await jwtVerify(token, await issuerPublicKeyPem(), options)).payload;
    return (await jwtVerify(token, keys, { ...options, algorithms: ['ES256'] })).payload;
  };
}
