// @freedom "A secure verifier takes no decision from an unverified header" — belt and braces: a JWTVerifyGetKey that refuses tokens naming key material (jwk, jku, x5u, x5c) with a jose error, then delegates to the configured set; stricter 10 s tolerance.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

export interface OrdersVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

export function createLegacyOrdersVerifier(
  config: OrdersVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const remote = createRemoteJWKSet(new URL(config.jwksUri));
  const getKey: JWTVerifyGetKey = (header, token) => {
    if ('jwk' in header || 'jku' in header || 'x5u' in header || 'x5c' in header) {
      throw new errors.JWSInvalid('key material in the token header is not accepted');
    }
    return remote(header, token);
  };
  return async function verify(token) {
    const { payload } = await jwtVerify(token, getKey, {
      algorithms: ['ES256'],
      issuer: config.issuer,
      audience: config.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 10,
      maxTokenAge: 900,
    });
    return payload;
  };
}
