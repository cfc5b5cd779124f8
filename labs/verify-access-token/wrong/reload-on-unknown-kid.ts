// class: state
// mistake: on ERR_JWKS_NO_MATCHING_KEY it calls `keys.reload()` and retries "so a freshly rotated key works at once", which bypasses jose's 30 s cooldown: every token with a random `kid` now costs one JWKS fetch, turning the API into a load generator against the issuer; breaks "Build the key set once per verifier, not per request" (the cache and cooldown it exists for).
// @fails createAccessTokenVerifier > the issuer's key set: fetched once, and failing closed > fetches the JWKS at most twice for ten tokens whose kid names no published key, concurrently and over 25 s
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));

  const getKey: JWTVerifyGetKey = async (header, token) => {
    try {
      return await keys(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      // A kid we have not seen yet: the issuer may just have rotated; look again right away.
      await keys.reload();
      return keys(header, token);
    }
  };

  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, getKey, {
      algorithms: ['ES256'],
      issuer: config.issuer,
      audience: config.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 30,
      maxTokenAge: '15m',
    });
    return payload;
  };
}
