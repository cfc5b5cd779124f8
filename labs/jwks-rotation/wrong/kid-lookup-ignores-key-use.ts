/**
 * Written blind, from lab.md, the starter and the solution only.
 *
 * @fails createApiVerifier > verifying > accepts only ES256, even from a key the issuer publishes for something else
 */
// class: algorithms-and-keys
// mistake: When jose finds no usable key, looks the kid up in the fetched JWKS itself and imports any P-256 key as ES256, stripping its alg, use and key_ops ("jose is too strict about use"), so a key the issuer publishes for ECDH-ES key agreement verifies access tokens (RFC 7517 §4.2–4.4, RFC 8725 §3.1).
import { createRemoteJWKSet, errors, importJWK, jwtVerify, type JWTVerifyGetKey } from 'jose';

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

  const keys: JWTVerifyGetKey = async (header, input) => {
    try {
      return await jwks(header, input);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      const jwk = jwks.jwks()?.keys.find((k) => k.kid === header.kid && k.kty === 'EC' && k.crv === 'P-256');
      if (!jwk) throw error;
      const { alg: _alg, use: _use, key_ops: _ops, ...bare } = jwk;
      return importJWK(bare, 'ES256');
    }
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
      if (error instanceof errors.JOSEError && !KEY_SOURCE_FAILURES.has(error.code)) {
        return { status: 401, error: 'invalid_token' };
      }
      // JWKS answered non-200 or a redirect, timed out, or the network failed: fail closed, retryable.
      return { status: 503, error: 'temporarily_unavailable' };
    }
  };
}
