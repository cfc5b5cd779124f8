/**
 * Mistake: every check but the audience. A token the same issuer minted for another API is accepted here
 * (token substitution, RFC 8725 §3.9).
 *
 * @fails createAccessTokenVerifier > legitimate traffic > accepts genuine tokens after attacks and mixed among them in a shuffled order
 * @fails createAccessTokenVerifier > RFC 8725 §3.9: audience > rejects aud values that only look like this API: prefix, case, trailing slash, joined lists
 * @fails createAccessTokenVerifier > RFC 8725 §3.9: audience > rejects a token minted for another API
 * @fails createAccessTokenVerifier > RFC 8725 §3.9: audience > rejects a token with no aud
 * @fails createAccessTokenVerifier > error reporting > lets jose's error codes through, so the HTTP layer can tell an expired token from a forged one
 * @fails createAccessTokenVerifier > RFC 8725 §3.9: audience > keeps each verifier to its own issuer and audience: a token another verifier accepted is still refused here
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
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 30,
      maxTokenAge: '15m',
    });
    return payload;
  };
}
