/**
 * Mistake: exporting the key pair's private half into the JWKS ("exportJWK gave me everything"). Anyone who
 * reads jwks_uri can now sign tokens as this issuer (RFC 7517 §9.2; jose refuses such a set).
 *
 * @fails createAccessTokenIssuer > RFC 9068 §4: resource servers accept its tokens > issues tokens a strict resource server accepts with the published JWKS
 * @fails createAccessTokenIssuer > RFC 9068 §4: resource servers accept its tokens > puts the requested subject, client, audience and scope in each token
 * @fails createAccessTokenIssuer > RFC 8725 §3.5: key strength > generates its own signing key instead of shipping one in the source
 * @fails createAccessTokenIssuer > RFC 7517 §9.2: published JWKS > publishes public keys only: no d, p, q, dp, dq, qi, oth or k
 * @fails createAccessTokenIssuer > RFC 7517 §9.2: published JWKS > labels every published key with kid, alg and use "sig" (RFC 7517 §4, RFC 8725 §3.1)
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

/** The issuer's policy: access tokens live 15 minutes (RFC 9700 §4.14: keep them short-lived). */
const ACCESS_TOKEN_LIFETIME = '15m';

/** 128 bits from the CSPRNG: unguessable and, in practice, never repeated (RFC 7519 §4.1.7). */
function newJti(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(16)));
}

export async function createAccessTokenIssuer(config: { issuer: string }): Promise<AccessTokenIssuer> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(privateKey);
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
