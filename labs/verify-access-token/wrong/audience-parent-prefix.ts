// class: exact-comparison
// mistake: treats an `aud` that is a path prefix of this API's identifier as covering it (a "resource hierarchy"), so a token minted for `https://api.example` is accepted by `https://api.example/orders`; breaks "exactly equal to `config.audience`: no prefix".
// @fails createAccessTokenVerifier > RFC 8725 §3.9: audience > rejects aud values that only look like this API: prefix, case, trailing slash, joined lists
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

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
      requiredClaims: ['aud', 'exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 30,
      maxTokenAge: '15m',
    });
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    // A token for the whole API host also covers its sub-resources.
    const ok = audiences.some(
      (aud) =>
        typeof aud === 'string' &&
        (aud === config.audience || config.audience.startsWith(`${aud.replace(/\/$/, '')}/`)),
    );
    if (!ok)
      throw new errors.JWTClaimValidationFailed(
        'unexpected "aud" claim value',
        payload,
        'aud',
        'check_failed',
      );
    return payload;
  };
}
