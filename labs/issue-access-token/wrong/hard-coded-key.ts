/**
 * Mistake: a signing key pasted into the source "so every instance signs with the same key". The key ships
 * in every build and repository clone, so it is no longer private (CWE-798, RFC 7517 §9.2). Load it from a
 * secret store, or generate it and publish the public half.
 *
 * @fails createAccessTokenIssuer > RFC 8725 §3.5: key strength > generates its own signing key instead of shipping one in the source
 */
import { base64url, calculateJwkThumbprint, importJWK, SignJWT, type JWK } from 'jose';

/** The team's signing key, kept here so that every instance agrees on it. */
const SIGNING_KEY: JWK = {
  kty: 'EC',
  crv: 'P-256',
  x: 'Uh-noizoeS8O0M9UcK6tmuNx8LBeyVKuJ1IcpXk58Ug',
  y: 'REb40VoC2jqWfCrQkRJVo2LJfSOLNiH3TA8abt45Buc',
  d: 'u-VjL_l_MMhDskhlOGs_6K3KjMyNuGW3gISi8yI1f7s',
};

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
  const privateKey = await importJWK(SIGNING_KEY, 'ES256');
  const { d: _private, ...publicJwk } = SIGNING_KEY;
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
