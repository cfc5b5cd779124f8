/**
 * Written blind, from lab.md, the starter and the solution only.
 *
 * @fails createApiVerifier > verifying > compares iss and aud exactly and requires iss, aud, typ, sub and exp
 */
// class: exact-comparison
// mistake: Checks the audience itself with payload.aud.includes(audience) to cover both the string and the array form; on a string that is a substring test, so a token the issuer minted for https://api.example.test-admin, https://api.example.test.evil.test or any aud that merely contains this API's identifier is accepted here (RFC 7519 §2, RFC 8725 §3.9).
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
  // One key set for the life of the process: its cache and cooldown only work if it is reused.
  const jwks = createRemoteJWKSet(new URL(options.jwksUri), {
    // The AS publishes a key 60 s before it signs with it; a 30 s cooldown lets the new kid in, and bounds
    // refetches under a flood of unknown kids to one per 30 s.
    cooldownDuration: 30_000,
    // A key removed from the JWKS must stop verifying within 5 minutes.
    cacheMaxAge: 300_000,
    timeoutDuration: 5_000,
  });

  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        algorithms: ['ES256'],
        issuer: options.issuer,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'sub'],
      });
      // aud may be a string or an array; includes() covers both
      if (!payload.aud || !payload.aud.includes(options.audience))
        return { status: 401, error: 'invalid_token' };
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
