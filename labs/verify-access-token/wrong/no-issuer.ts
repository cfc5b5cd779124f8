/**
 * Mistake: no issuer pin. Signatures are still checked against our issuer's keys, so only tokens that
 * carry a wrong iss on a correctly signed body get through (RFC 8725 §3.8, RFC 9068 §4 step 3).
 *
 * @fails createAccessTokenVerifier > legitimate traffic > accepts genuine tokens after attacks and mixed among them in a shuffled order
 * @fails createAccessTokenVerifier > RFC 8725 §3.8: issuer > rejects a token our issuer signed with someone else's iss
 * @fails createAccessTokenVerifier > RFC 9068 §4 step 3: issuer compared exactly, without normalisation > rejects iss values that only look like the issuer: prefix, other path, case, trailing slash, scheme
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));

  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: ['ES256'],
      audience: config.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 30,
      maxTokenAge: '15m',
    });
    return payload;
  };
}
