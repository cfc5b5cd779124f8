import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

/** Where this API's trust comes from. */
export interface AccessTokenVerifierConfig {
  /** The authorization server's issuer identifier. */
  issuer: string;
  /** This API's identifier (its resource indicator). */
  audience: string;
  /** The issuer's `jwks_uri` from its metadata. */
  jwksUri: string;
}

/**
 * Returns the function the API calls on every request: it resolves to the token's claims when the
 * token is a valid access token for this API, and throws otherwise.
 *
 * This first version checks the signature against the issuer's published keys, and nothing else.
 * Run the checks to see which tokens it still lets through.
 */
export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));

  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, keys);
    return payload;
  };
}
