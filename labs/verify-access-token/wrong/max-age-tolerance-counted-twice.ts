// class: time
// mistake: adds the clock tolerance to maxTokenAge by hand although jose already adds it, so a token issued up to 16 min (15 min + 2x30 s) ago passes; breaks "refuse a token issued more than 15 minutes ago (plus your clock tolerance)".
// @fails createAccessTokenVerifier > RFC 7519 §4.1.4–4.1.6: validity window > rejects a token older than the 15-minute policy even when its exp is years away
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
      clockTolerance: 30,
      // 15 minutes plus the skew we forgive.
      maxTokenAge: 15 * 60 + 30,
    });
    return payload;
  };
}
