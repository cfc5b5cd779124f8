/**
 * Alternative solution, written blind, from lab.md, the starter and the solution only.
 *
 * @freedom "Write createApiVerifier" leaves the key source's shape free: no createRemoteJWKSet, a hand-written cache of the jwks_uri (fetch with redirect: 'manual', a 3 s timeout, keys trusted 4 minutes, at most one refetch per 30 s for an unknown kid, one fetch in flight) over createLocalJWKSet, with its own error class for key-source failures (503).
 */
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

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

class KeySourceDown extends Error {}

const MAX_AGE_MS = 240_000;
const COOLDOWN_MS = 30_000;
const TIMEOUT_MS = 3_000;

export function createApiVerifier(options: ApiVerifierOptions): VerifyAccessToken {
  const url = new URL(options.jwksUri).href;
  let local: JWTVerifyGetKey | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;

  const load = (): Promise<void> => {
    inFlight ??= (async () => {
      try {
        let response: Response;
        try {
          response = await fetch(url, {
            redirect: 'manual',
            headers: { accept: 'application/json' },
            signal: AbortSignal.timeout(TIMEOUT_MS),
          });
        } catch {
          throw new KeySourceDown('JWKS unreachable or timed out');
        }
        if (response.status !== 200) throw new KeySourceDown(`JWKS answered ${response.status}`);
        let body: unknown;
        try {
          body = await response.json();
        } catch {
          throw new KeySourceDown('JWKS is not JSON');
        }
        if (!body || typeof body !== 'object' || !Array.isArray((body as JSONWebKeySet).keys))
          throw new KeySourceDown('JWKS has no keys array');
        local = createLocalJWKSet(body as JSONWebKeySet);
        fetchedAt = Date.now();
      } catch (error) {
        // Never keep serving old keys once they are past their age: drop them.
        if (Date.now() - fetchedAt >= MAX_AGE_MS) local = undefined;
        throw error;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  const keys: JWTVerifyGetKey = async (header, input) => {
    if (!local || Date.now() - fetchedAt >= MAX_AGE_MS) {
      local = undefined;
      await load();
    }
    try {
      return await local!(header, input);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || Date.now() - fetchedAt < COOLDOWN_MS) throw error;
      await load();
      return local!(header, input);
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
      if (error instanceof KeySourceDown) return { status: 503, error: 'temporarily_unavailable' };
      if (error instanceof errors.JOSEError) return { status: 401, error: 'invalid_token' };
      return { status: 503, error: 'temporarily_unavailable' };
    }
  };
}
