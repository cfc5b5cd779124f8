/**
 * Mistake: a clock tolerance of a day "to be safe with skew". Expired tokens keep working for 24 hours
 * (RFC 7519 §4.1.4 allows a few minutes at most).
 *
 * @fails createAccessTokenVerifier > legitimate traffic > accepts genuine tokens after attacks and mixed among them in a shuffled order
 * @fails createAccessTokenVerifier > RFC 7519 §4.1.4–4.1.6: validity window > rejects a token that expired 30 s ago, the most clock skew it may forgive
 * @fails createAccessTokenVerifier > RFC 7519 §4.1.4–4.1.6: validity window > rejects a token not valid until 31 s from now, past the most clock skew it may forgive
 * @fails createAccessTokenVerifier > RFC 7519 §4.1.4–4.1.6: validity window > rejects a token issued an hour in the future
 * @fails createAccessTokenVerifier > RFC 7519 §4.1.4–4.1.6: validity window > rejects a token older than the 15-minute policy even when its exp is years away
 * @fails createAccessTokenVerifier > RFC 7519 §4.1.4–4.1.6: validity window > stops accepting a token once the clock passes its exp
 * @fails createAccessTokenVerifier > error reporting > lets jose's error codes through, so the HTTP layer can tell an expired token from a forged one
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
      issuer: config.issuer,
      audience: config.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: '1 day',
      maxTokenAge: '15m',
    });
    return payload;
  };
}
