/**
 * Alternative solution, written blind, from lab.md, the starter and the solution only.
 *
 * @freedom issuer and audience passed as one-element arrays, typ spelled application/at+jwt (jose compares the media type without its prefix, RFC 7515 §4.1.9), clockTolerance 0, and a customFetch with redirect: 'error' (a redirect becomes a network TypeError, 503); cooldown 35 s, cacheMaxAge 3 minutes, a switch over error codes.
 */
import { createRemoteJWKSet, customFetch, errors, jwtVerify } from 'jose';

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

export function createApiVerifier(options: ApiVerifierOptions): VerifyAccessToken {
  const jwks = createRemoteJWKSet(new URL(options.jwksUri), {
    cooldownDuration: 35_000,
    cacheMaxAge: 180_000,
    timeoutDuration: 4_000,
    [customFetch]: (url, init) => fetch(url, { ...init, redirect: 'error' }),
  });

  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        algorithms: ['ES256'],
        issuer: [options.issuer],
        audience: [options.audience],
        typ: 'application/at+jwt',
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 0,
      });
      return { status: 200, sub: String(payload.sub) };
    } catch (error) {
      switch (error instanceof errors.JOSEError ? error.code : 'NOT_JOSE') {
        case 'ERR_JOSE_GENERIC':
        case 'ERR_JWKS_TIMEOUT':
        case 'NOT_JOSE':
          return { status: 503, error: 'temporarily_unavailable' };
        default:
          return { status: 401, error: 'invalid_token' };
      }
    }
  };
}
