// @freedom structure is free ("Write createApiVerifier"): the remote set is wrapped in a JWTVerifyGetKey that refuses non-ES256 headers before any fetch, and errors are classified with instanceof (JWKSTimeout) and a code check.
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';

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

  const keys: JWTVerifyGetKey = (header, input) => {
    // Refuse other algorithms before they can cost a JWKS fetch.
    if (header.alg !== 'ES256')
      throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
    return jwks(header, input);
  };
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ['ES256'],
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'sub'],
      });
      return { status: 200, sub: String(payload.sub) };
    } catch (error) {
      const keySourceDown =
        error instanceof errors.JWKSTimeout ||
        !(error instanceof errors.JOSEError) ||
        error.code === 'ERR_JOSE_GENERIC';
      if (!keySourceDown) {
        return { status: 401, error: 'invalid_token' };
      }
      // JWKS answered non-200 or a redirect, timed out, or the network failed: fail closed, retryable.
      return { status: 503, error: 'temporarily_unavailable' };
    }
  };
}
