// @freedom "it should let jose's own error ... propagate" (should, not must) and the key set "built once": built lazily on the first request and memoised; jose errors are rethrown untouched, anything else becomes a generic error.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;

  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    keys ??= createRemoteJWKSet(new URL(config.jwksUri), { timeoutDuration: 1000, cooldownDuration: 30_000 });
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ['ES256'],
        issuer: config.issuer,
        audience: config.audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
        clockTolerance: 5,
        maxTokenAge: '15 minutes',
      });
      return payload;
    } catch (error) {
      if (error instanceof errors.JOSEError) throw error;
      throw new Error('access token rejected', { cause: error });
    }
  };
}
