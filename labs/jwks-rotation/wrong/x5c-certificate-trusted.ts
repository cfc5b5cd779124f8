/**
 * Written blind, from lab.md, the starter and the solution only.
 *
 * @fails createApiVerifier > verifying > never trusts key material the token brings: an embedded jwk or x5c, a jku or x5u even under the issuer or its jwks_uri
 */
// class: algorithms-and-keys
// mistake: Verifies a token that carries an x5c certificate chain with the key of its first certificate (importX509, no chain validation) to "support certificate-based keys too": the attacker embeds a self-signed certificate for their own key and signs with it (RFC 8725 §3.10, RFC 7515 §4.1.6).
import { createRemoteJWKSet, errors, importX509, jwtVerify, type JWTVerifyGetKey } from 'jose';

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
    const x5c = (header as { x5c?: string[] }).x5c;
    if (Array.isArray(x5c) && x5c.length > 0) {
      const pem = `-----BEGIN CERTIFICATE-----\n${x5c[0]}\n-----END CERTIFICATE-----`;
      return importX509(pem, 'ES256');
    }
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
      if (error instanceof errors.JOSEError && !KEY_SOURCE_FAILURES.has(error.code)) {
        return { status: 401, error: 'invalid_token' };
      }
      // JWKS answered non-200 or a redirect, timed out, or the network failed: fail closed, retryable.
      return { status: 503, error: 'temporarily_unavailable' };
    }
  };
}
