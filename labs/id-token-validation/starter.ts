import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface OidcClientConfig {
  /** The OpenID Provider's issuer identifier. */
  issuer: string;
  /** This application's client_id at the provider. */
  clientId: string;
  /** The provider's `jwks_uri`. */
  jwksUri: string;
}

/** What this browser session sent in its authentication request. */
export interface LoginSession {
  nonce: string;
}

export interface ApiConfig {
  /** The authorization server's issuer identifier. */
  issuer: string;
  /** The API's identifier, which must appear in an access token's `aud`. */
  audience: string;
  /** The authorization server's `jwks_uri`. */
  jwksUri: string;
}

/**
 * Ends a login: the provider signed this ID token, so the user is who it says. Is that all a client must
 * know before it creates a session? Run the checks.
 */
export async function validateIdToken(
  idToken: string,
  config: OidcClientConfig,
  _session: LoginSession,
): Promise<JWTPayload> {
  const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(config.jwksUri)), {
    issuer: config.issuer,
  });
  return payload;
}

/** The application's API: any token the provider signed for this API gets in. */
export async function verifyApiAccessToken(token: string, api: ApiConfig): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(api.jwksUri)), {
    algorithms: ['ES256'],
    issuer: api.issuer,
    audience: api.audience,
  });
  return payload;
}
