// @freedom "a key the issuer removes from its set stops verifying tokens 10 minutes later at the latest (jose's default cache lifetime; shorter is fine)" — a 5-minute cache, a 60 s cooldown for unknown kids and a 1 s timeout, on a key set built lazily on first use; "up to **30 seconds**" — a 20 s tolerance written as a string.
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  let keys: ReturnType<typeof createRemoteJWKSet> | null = null;
  const policy: JWTVerifyOptions = {
    algorithms: ['ES256'],
    issuer: config.issuer,
    audience: config.audience,
    typ: 'at+jwt',
    requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
    clockTolerance: '20s',
    maxTokenAge: '15 minutes',
  };

  return async function verify(token: string): Promise<JWTPayload> {
    if (keys === null) {
      keys = createRemoteJWKSet(new URL(config.jwksUri), {
        timeoutDuration: 1000,
        cooldownDuration: 60_000,
        cacheMaxAge: 5 * 60_000,
      });
    }
    return (await jwtVerify(token, keys, policy)).payload;
  };
}
