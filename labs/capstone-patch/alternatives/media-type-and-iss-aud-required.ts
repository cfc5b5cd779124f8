// @freedom "genuine tokens keep working": typ given as application/at+jwt (jose normalises it), iss and aud also listed as required claims (stricter, already implied), a lazily built key set.
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';

export interface OrdersVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

export function createLegacyOrdersVerifier(
  config: OrdersVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  const options: JWTVerifyOptions = {
    algorithms: ['ES256'],
    issuer: config.issuer,
    audience: [config.audience],
    typ: 'application/at+jwt',
    requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti', 'sub', 'client_id'],
    clockTolerance: '30s',
    maxTokenAge: '15 minutes',
  };
  return async (token) => {
    keys ??= createRemoteJWKSet(new URL(config.jwksUri));
    return (await jwtVerify(token, keys, options)).payload;
  };
}
