// class: allow-list
// mistake: matches `typ` with an unanchored regex /(application\/)?at\+jwt/i, so any type that merely contains "at+jwt" (e.g. `refresh-at+jwt`, `at+jwt-id`) is accepted as an access token; breaks "`typ: at+jwt`, or `application/at+jwt` written in full".
// @fails createAccessTokenVerifier > RFC 8725 §3.11–3.12: explicit typing > rejects typ values that only contain at+jwt: prefixed, suffixed, or with the media type written twice
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

const ACCESS_TOKEN_TYP = /(application\/)?at\+jwt/i;

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));

  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    const { payload, protectedHeader } = await jwtVerify(token, keys, {
      algorithms: ['ES256'],
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 30,
      maxTokenAge: '15m',
    });
    if (typeof protectedHeader.typ !== 'string' || !ACCESS_TOKEN_TYP.test(protectedHeader.typ)) {
      throw new errors.JWTClaimValidationFailed(
        'unexpected "typ" JWT header value',
        payload,
        'typ',
        'check_failed',
      );
    }
    return payload;
  };
}
