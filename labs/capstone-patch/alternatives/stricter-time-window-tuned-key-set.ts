// @freedom "at most 30 s of clock tolerance" and "issued at most 15 minutes ago" and "the key set may be cached, for at most that long": a stricter 5 s tolerance and a 10-minute age limit, key-set fetch options tuned.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface OrdersVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

export function createLegacyOrdersVerifier(
  config: OrdersVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri), {
    cacheMaxAge: 300_000,
    cooldownDuration: 10_000,
    timeoutDuration: 1_000,
  });
  return async function verify(token) {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: ['ES256'],
      issuer: config.issuer,
      audience: config.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 5,
      maxTokenAge: '10m',
    });
    return payload;
  };
}
