/**
 * Mistake: "support key rollover" by fetching the key set the token names in its jku header. The attacker
 * hosts a key set, signs with its own key and points jku at it: a server-side request (SSRF) and a forged
 * token accepted in one move (RFC 8725 §3.10, RFC 7515 §4.1.2).
 *
 * @fails createAccessTokenVerifier > RFC 8725 §3.10: key material named in the token is never trusted > rejects a token whose jku points at the attacker, and never fetches it
 * @fails createAccessTokenVerifier > RFC 8725 §3.10: key material named in the token is never trusted > rejects a token whose jku names another path on the issuer's own host, and never fetches it
 */
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';

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
    const { jku } = decodeProtectedHeader(token);
    const keySet = typeof jku === 'string' ? createRemoteJWKSet(new URL(jku)) : keys;
    const { payload } = await jwtVerify(token, keySet, {
      algorithms: ['ES256'],
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
