/**
 * Mistake: no explicit type. Any JWT the issuer signs with the same key and claims is taken for an access
 * token: an ID token, a refresh token, a token with no typ at all (RFC 8725 §3.11, RFC 9068 §4 step 1).
 *
 * @fails createAccessTokenVerifier > legitimate traffic > accepts genuine tokens after attacks and mixed among them in a shuffled order
 * @fails createAccessTokenVerifier > RFC 8725 §3.11–3.12: explicit typing > rejects an ID token (typ JWT) that carries every access-token claim
 * @fails createAccessTokenVerifier > RFC 8725 §3.11–3.12: explicit typing > rejects a token with no typ
 * @fails createAccessTokenVerifier > RFC 8725 §3.11–3.12: explicit typing > rejects a refresh token, a DPoP proof and an internal token signed by the same key
 * @fails createAccessTokenVerifier > error reporting > lets jose's error codes through, so the HTTP layer can tell an expired token from a forged one
 * @fails createAccessTokenVerifier > RFC 8725 §3.11–3.12: explicit typing > rejects typ values that only contain at+jwt: prefixed, suffixed, or with the media type written twice
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
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 30,
      maxTokenAge: '15m',
    });
    return payload;
  };
}
