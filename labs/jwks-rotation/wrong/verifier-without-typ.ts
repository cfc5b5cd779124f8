// class: exact-comparison
// mistake: Drops typ: 'at+jwt', so the issuer's ID tokens for this audience, and its tokens without typ, pass as access tokens (RFC 9068 §2.1).
// @fails createApiVerifier > verifying > rejects the issuer's tokens meant for something else: another API, an ID token, an expired token
// @fails createApiVerifier > verifying > compares iss and aud exactly and requires iss, aud, typ, sub and exp
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
        audience: options.audience,
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
