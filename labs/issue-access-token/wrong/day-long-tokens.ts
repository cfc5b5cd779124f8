/**
 * Mistake: day-long access tokens "so users are not logged out". A stolen token stays useful for a day, and
 * nothing can recall it (RFC 9700 §4.14: access tokens should be short-lived; the policy here is 15 minutes).
 *
 * @fails createAccessTokenIssuer > RFC 9068 §2.2: claims > sets iat to the time of issue and a lifetime of at most 15 minutes
 */
import { base64url, calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

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

/** Long enough that nobody gets logged out during the day. */
const ACCESS_TOKEN_LIFETIME = '24h';

/** 128 bits from the CSPRNG: unguessable and, in practice, never repeated (RFC 7519 §4.1.7). */
function newJti(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(16)));
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
