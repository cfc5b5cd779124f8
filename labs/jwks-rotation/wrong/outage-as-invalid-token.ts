/**
 * Wrong answer: answers 401 for everything, an outage included. It fails closed, but it tells
 * every client its token is bad: they all refresh at once against an authorization server that is down.
 *
 * @fails createApiVerifier > JWKS endpoint failures > answers 503 when the JWKS endpoint answers 500
 * @fails createApiVerifier > JWKS endpoint failures > answers 503 when the JWKS endpoint redirects elsewhere
 * @fails createApiVerifier > JWKS endpoint failures > answers 503 when the JWKS host is unreachable
 * @fails createApiVerifier > JWKS endpoint failures > does not keep using cached keys past 5 minutes when the JWKS cannot be refreshed
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';

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

  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        algorithms: ['ES256'],
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'sub'],
      });
      return { status: 200, sub: String(payload.sub) };
    } catch (error) {
      void error;
      // Whatever went wrong, this token did not verify.
      return { status: 401, error: 'invalid_token' };
    }
  };
}
