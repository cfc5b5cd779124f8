// class: algorithms-and-keys
// mistake: allow-lists ES256 plus the Edwards algorithms ("modern, safe curves"), so a token signed with an Ed25519 key the issuer publishes for another purpose is accepted; breaks "Only ES256, even when the issuer's key set also publishes keys for other algorithms".
// @fails createAccessTokenVerifier > RFC 8725 §3.1–3.2: algorithm verification > rejects an algorithm outside the allow-list even when a published key verifies it
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
      // Only elliptic-curve signatures: no RSA, no HMAC.
      algorithms: ['ES256', 'EdDSA', 'Ed25519'],
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
