import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/** What the token endpoint has already authenticated and authorized for this grant. */
export interface AccessTokenRequest {
  /** The resource owner. */
  subject: string;
  /** The client the token is issued to. */
  clientId: string;
  /** The one resource server the token is for. */
  audience: string;
  /** Granted scopes, space-separated. */
  scope: string;
}

export interface AccessTokenIssuer {
  /** The JWK Set served at this issuer's `jwks_uri`. */
  jwks(): Promise<{ keys: JWK[] }>;
  /** Mints one access token. */
  issue(request: AccessTokenRequest): Promise<string>;
}

/**
 * A first token endpoint: it signs something, and resource servers can fetch the key. Run the checks to
 * see what a resource server that follows RFC 9068 thinks of its tokens and its key set.
 */
export async function createAccessTokenIssuer(config: { issuer: string }): Promise<AccessTokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk = await exportJWK(publicKey);

  return {
    async jwks() {
      return { keys: [publicJwk] };
    },
    async issue(request) {
      return new SignJWT({ sub: request.subject, scope: request.scope })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(config.issuer)
        .setAudience(request.audience)
        .setIssuedAt()
        .sign(privateKey);
    },
  };
}
