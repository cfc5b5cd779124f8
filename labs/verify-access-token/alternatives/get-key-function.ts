// @freedom "The starter already checks the signature against the issuer's published key set" — any way of using that one configured key set is allowed; here a JWTVerifyGetKey function that refuses anything but ES256 before delegating to the remote set.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const remote = createRemoteJWKSet(new URL(config.jwksUri));
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (header.alg !== 'ES256')
      throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
    return remote(header, token);
  };

  return async (token) => {
    const { payload } = await jwtVerify(token, getKey, {
      algorithms: ['ES256'],
      issuer: [config.issuer],
      audience: [config.audience],
      typ: 'at+jwt',
      requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: '30s',
      maxTokenAge: 900,
    });
    return payload;
  };
}
