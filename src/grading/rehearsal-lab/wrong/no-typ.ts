// mistake: Does not require typ at+jwt, so a token of another kind signed by the same issuer passes as an
// access token (RFC 8725 §3.11, RFC 9068 §4).
// @fails rehearsal > formats a failed comparison
// @fails rehearsal > rejects A1 tokens
// @fails rehearsal > rejects A2 tokens
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
      requiredClaims: ['exp', 'sub'],
      clockTolerance: 5,
    });
    return payload;
  };
}

export function headerOf(token: string): Record<string, unknown> {
  return { ...decodeProtectedHeader(token) };
}
