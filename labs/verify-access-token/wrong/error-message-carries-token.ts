// class: information-leak
// mistake: keeps jose's error and code but appends the raw bearer token and its subject to the message "for debugging", so every rejection writes a (possibly still valid elsewhere) credential and user identifier into logs and any error body built from `message`; breaks "let jose's own error (with its `code` ...) propagate" (unaltered) and RFC 6750 / ASVS guidance not to log tokens.
// @fails createAccessTokenVerifier > error reporting > lets jose's error codes through, so the HTTP layer can tell an expired token from a forged one
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

function describe(token: string): string {
  try {
    return `sub=${String(decodeJwt(token).sub)} token=${token}`;
  } catch {
    return `token=${token}`;
  }
}

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));

  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ['ES256'],
        issuer: config.issuer,
        audience: config.audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
        clockTolerance: 30,
        maxTokenAge: '15m',
      });
      return payload;
    } catch (error) {
      // Keep jose's error (and its code) for the HTTP layer, but say which token it was about.
      if (error instanceof Error) error.message = `${error.message} (${describe(token)})`;
      throw error;
    }
  };
}
