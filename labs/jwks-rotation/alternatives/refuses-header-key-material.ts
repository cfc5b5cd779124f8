/**
 * Alternative solution, written blind, from lab.md, the starter and the solution only.
 *
 * @freedom refuses (401) every token whose header names a jwk, x5c, jku or x5u, or another alg, before any key lookup; requires sub to be a non-empty string; cooldown 60 s, cacheMaxAge 2 minutes, timeout 2 s; errors classified with instanceof.
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';

export interface ApiVerifierOptions {
  issuer: string;
  audience: string;
  jwksUri: string;
}

export type Verdict =
  | { status: 200; sub: string }
  | { status: 401; error: 'invalid_token' }
  | { status: 503; error: 'temporarily_unavailable' };

export type VerifyAccessToken = (token: string) => Promise<Verdict>;

const INVALID = { status: 401, error: 'invalid_token' } as const;
const UNAVAILABLE = { status: 503, error: 'temporarily_unavailable' } as const;

export function createApiVerifier(options: ApiVerifierOptions): VerifyAccessToken {
  const jwks = createRemoteJWKSet(new URL(options.jwksUri), {
    cooldownDuration: 60_000,
    cacheMaxAge: 120_000,
    timeoutDuration: 2_000,
  });

  return async (token) => {
    let header: Record<string, unknown>;
    try {
      header = decodeProtectedHeader(token) as Record<string, unknown>;
    } catch {
      return INVALID;
    }
    if (header.alg !== 'ES256' || 'jwk' in header || 'jku' in header || 'x5u' in header || 'x5c' in header)
      return INVALID;
    try {
      const { payload } = await jwtVerify(token, jwks, {
        algorithms: ['ES256'],
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'sub'],
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') return INVALID;
      return { status: 200, sub: payload.sub };
    } catch (error) {
      if (error instanceof TypeError) return UNAVAILABLE;
      if (error instanceof errors.JWKSTimeout) return UNAVAILABLE;
      if (error instanceof errors.JOSEError) return error.code === 'ERR_JOSE_GENERIC' ? UNAVAILABLE : INVALID;
      return UNAVAILABLE;
    }
  };
}
