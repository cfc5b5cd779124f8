/**
 * Mistake: trusting jose's defaults for time. Without requiredClaims jose never asks for exp, and without
 * maxTokenAge a future iat or a far-away exp is fine (RFC 7519 §4.1.4–4.1.6, RFC 9068 §2.2).
 *
 * @fails createAccessTokenVerifier > RFC 7519 §4.1.4–4.1.6: validity window > rejects a token with no exp
 * @fails createAccessTokenVerifier > RFC 7519 §4.1.4–4.1.6: validity window > rejects a token issued an hour in the future
 * @fails createAccessTokenVerifier > RFC 7519 §4.1.4–4.1.6: validity window > rejects a token older than the 15-minute policy even when its exp is years away
 * @fails createAccessTokenVerifier > RFC 9068 §2.2: required claims > rejects an access token without client_id, jti or sub
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
      clockTolerance: 30,
    });
    return payload;
  };
}
