/**
 * Mistake: the issue time as the jti. Two tokens minted in the same millisecond share an id, so a deny-list or
 * replay cache keyed on jti confuses them (RFC 7519 §4.1.7: unique, collisions negligible).
 *
 * @fails createAccessTokenIssuer > RFC 7519 §4.1.7: jti > gives every token a unique jti
 * @fails createAccessTokenIssuer > RFC 7519 §4.1.7: jti > draws jti from at least 128 bits of randomness, not a counter or a clock
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/** What the token endpoint has already authenticated and authorized for this grant. */
export interface AccessTokenRequest {
  /** The resource owner (RFC 9068 §2.2 `sub`). */
  subject: string;
  /** The client the token is issued to (RFC 9068 §2.2 `client_id`). */
  clientId: string;
  /** The one resource server the token is for (RFC 9068 §2.2 `aud`, RFC 9700 §2.3). */
  audience: string;
  /** Granted scopes, space-separated (RFC 9068 §2.2.3). */
  scope: string;
}

export interface AccessTokenIssuer {
  /** The JWK Set served at this issuer's `jwks_uri`: public keys only (RFC 7517 §9.2). */
  jwks(): Promise<{ keys: JWK[] }>;
  /** Mints one RFC 9068 access token. */
  issue(request: AccessTokenRequest): Promise<string>;
}

/** The issuer's policy: access tokens live 15 minutes (RFC 9700 §4.14: keep them short-lived). */
const ACCESS_TOKEN_LIFETIME = '15m';

/** Milliseconds since the epoch: a fresh value for each token. */
function newJti(): string {
  return new Date().toISOString();
}

export async function createAccessTokenIssuer(config: { issuer: string }): Promise<AccessTokenIssuer> {
  // The private key is non-extractable: it can sign, but it can never be exported or published by accident.
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  // exportJWK drops alg and use; RFC 8725 §3.1 wants each key tied to exactly one algorithm.
  const published: JWK = { ...publicJwk, kid, alg: 'ES256', use: 'sig' };

  return {
    async jwks() {
      return { keys: [structuredClone(published)] };
    },
    async issue(request) {
      return (
        new SignJWT({ client_id: request.clientId, scope: request.scope })
          .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
          .setIssuer(config.issuer)
          .setSubject(request.subject)
          .setAudience(request.audience)
          .setJti(newJti())
          .setIssuedAt()
          // A string is relative to iat; a number would be an absolute epoch (jose: 900 means 1970).
          .setExpirationTime(ACCESS_TOKEN_LIFETIME)
          .sign(privateKey)
      );
    },
  };
}
