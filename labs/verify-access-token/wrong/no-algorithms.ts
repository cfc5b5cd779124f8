/**
 * Mistake: no algorithm allow-list, "the JWKS decides". The issuer's JWKS also publishes the RS256 key it
 * signs ID tokens with, so an RS256 token verifies too: the header, written by the sender, picks the
 * algorithm (RFC 8725 §3.1: the application chooses the algorithms; each key has exactly one).
 *
 * @fails createAccessTokenVerifier > legitimate traffic > accepts genuine tokens after attacks and mixed among them in a shuffled order
 * @fails createAccessTokenVerifier > RFC 8725 §3.1–3.2: algorithm verification > rejects an algorithm outside the allow-list even when a published key verifies it
 * @fails createAccessTokenVerifier > RFC 8725 §3.1–3.2: algorithm verification > rejects ES384, an algorithm of the same family signed by a key the issuer publishes
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
      issuer: config.issuer,
      audience: config.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 30,
      maxTokenAge: '15m',
    });
    return payload;
  };
}
