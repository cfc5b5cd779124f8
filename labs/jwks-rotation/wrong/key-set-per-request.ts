/**
 * Wrong answer: creates the remote key set inside `verify`. Each one starts with an empty
 * cache, so every request fetches the JWKS and a flood of tokens becomes a flood of fetches.
 *
 * @fails createApiVerifier > verifying > fetches the JWKS once for many valid tokens
 * @fails createApiVerifier > unknown kid flood > makes at most 2 JWKS fetches for 100 tokens with random kids
 * @fails createApiVerifier > unknown kid flood > makes at most one JWKS fetch per 30 seconds under a sustained flood
 */
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';

export interface ApiVerifierOptions {
  /** The authorization server's issuer identifier. */
  issuer: string;
  /** This API's audience. */
  audience: string;
  /** The `jwks_uri` from the authorization server's metadata. */
  jwksUri: string;
}

export type Verdict =
  | { status: 200; sub: string }
  | { status: 401; error: 'invalid_token' }
  | { status: 503; error: 'temporarily_unavailable' };

/** Decides whether a request carrying `token` may proceed. */
export type VerifyAccessToken = (token: string) => Promise<Verdict>;

/** Failures of the key source itself: the token may be fine, we just cannot tell. */
const KEY_SOURCE_FAILURES = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JOSE_GENERIC']);

export function createApiVerifier(options: ApiVerifierOptions): VerifyAccessToken {
  return async (token) => {
    try {
      // A key set per request always sees the newest keys.
      const jwks = createRemoteJWKSet(new URL(options.jwksUri), {
        cooldownDuration: 30_000,
        cacheMaxAge: 300_000,
      });
      const { payload } = await jwtVerify(token, jwks, {
        algorithms: ['ES256'],
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'sub'],
      });
      return { status: 200, sub: String(payload.sub) };
    } catch (error) {
      if (error instanceof errors.JOSEError && !KEY_SOURCE_FAILURES.has(error.code)) {
        return { status: 401, error: 'invalid_token' };
      }
      // JWKS answered non-200 or a redirect, timed out, or the network failed: fail closed, retryable.
      return { status: 503, error: 'temporarily_unavailable' };
    }
  };
}
