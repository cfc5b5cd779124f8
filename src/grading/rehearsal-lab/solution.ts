import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';

export interface RehearsalVerifierConfig {
  jwksUri: string;
  issuer: string;
  audience: string;
}

export function createRehearsalVerifier(
  config: RehearsalVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  return async (token: string) => {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: ['ES256'],
      issuer: config.issuer,
      audience: config.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'sub'],
      clockTolerance: 5,
    });
    return payload;
  };
}

export function headerOf(token: string): Record<string, unknown> {
  return { ...decodeProtectedHeader(token) };
}
