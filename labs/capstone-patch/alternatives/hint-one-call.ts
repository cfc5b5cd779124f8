// @freedom Hint: "the whole verifier is one call" — the arrow-function form from the hint.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface OrdersVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

export function createLegacyOrdersVerifier(
  config: OrdersVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  return async (token) =>
    (
      await jwtVerify(token, keys, {
        algorithms: ['ES256'],
        issuer: config.issuer,
        audience: config.audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
        clockTolerance: 30,
        maxTokenAge: '15m',
      })
    ).payload;
}
