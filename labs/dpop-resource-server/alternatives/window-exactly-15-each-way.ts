/**
 * Alternative solution, written blind by the red-team (REPORT.md), from lab.md and the starter only.
 *
 * @freedom "You may choose a tighter window, but it must accept proofs up to 15 s old and 15 s ahead" — exactly 15 s old and 15 s ahead, through jose (maxTokenAge 0 + clockTolerance 15).
 */
import {
  EmbeddedJWK,
  base64url,
  calculateJwkThumbprint,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWK,
  type JWTPayload,
} from 'jose';

export interface DpopConfig {
  /** The authorization server's issuer identifier. */
  issuer: string;
  /** This API's identifier, which must appear in the access token's `aud`. */
  audience: string;
  /** The issuer's `jwks_uri`. */
  jwksUri: string;
}

/** The protected route itself, called only when the token and its proof both hold. */
export type ProtectedHandler = (request: Request, claims: JWTPayload) => Promise<Response>;

/** Asymmetric only (RFC 9449 §4.3): a MAC key would have to be shared with the server, proving nothing. */
const PROOF_ALGORITHMS = ['ES256', 'Ed25519'];
/** How far a proof's iat may lie from now, seconds: old proofs up to MAX_AGE + SKEW, future ones up to SKEW. */
const MAX_AGE = 0;
const SKEW = 15;
const WINDOW = MAX_AGE + SKEW;

/** RFC 9449 §7.1: `DPoP 1*SP token68`; the scheme name is case-insensitive (RFC 9110 §11.1). */
const DPOP_AUTHORIZATION = /^dpop +([A-Za-z0-9\-._~+/]+=*) *$/i;

function challenge(status: number, error?: string): Response {
  // RFC 9449 §7.1: a request that did not try DPoP gets the bare scheme; the others say what failed.
  const header = error === undefined ? 'DPoP' : `DPoP error="${error}"`;
  // No body: which check failed is for our logs, not for whoever sent the request.
  return new Response(null, { status, headers: { 'www-authenticate': header } });
}

/** RFC 9449 §4.3: htu is compared without its query and fragment; URL parsing normalises scheme and host. */
function withoutQuery(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const { origin, pathname } = new URL(url);
  return `${origin}${pathname}`;
}

/** RFC 9449 §4.2: ath is base64url(SHA-256(the ASCII access token)). */
async function accessTokenHash(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return base64url.encode(new Uint8Array(digest));
}

/** jose's codes for a key set it could not fetch or read: the token itself was never judged. */
const KEY_SET_FAILURES = new Set(['ERR_JOSE_GENERIC', 'ERR_JWKS_INVALID', 'ERR_JWKS_TIMEOUT']);

function isKeySetOutage(error: unknown): boolean {
  return !(error instanceof errors.JOSEError) || KEY_SET_FAILURES.has(error.code);
}

export function requireDpopToken(
  config: DpopConfig,
  route: ProtectedHandler,
): (request: Request) => Promise<Response> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  /** jti of every accepted proof → the time (ms) after which that proof can no longer be fresh. */
  const seen = new Map<string, number>();

  async function proofHolds(request: Request, token: string, jkt: string): Promise<boolean> {
    const proof = request.headers.get('dpop');
    if (proof === null) return false;
    let payload: JWTPayload;
    let jwk: JWK | undefined;
    try {
      // EmbeddedJWK verifies with the proof's own jwk and refuses one with private members.
      ({
        payload,
        protectedHeader: { jwk },
      } = await jwtVerify(proof, EmbeddedJWK, {
        typ: 'dpop+jwt',
        algorithms: PROOF_ALGORITHMS,
        requiredClaims: ['jti', 'htm', 'htu', 'iat'],
        maxTokenAge: MAX_AGE,
        clockTolerance: SKEW,
      }));
    } catch {
      return false;
    }
    if (payload['htm'] !== request.method) return false;
    const htu = payload['htu'];
    if (typeof htu !== 'string' || withoutQuery(htu) !== withoutQuery(request.url)) return false;
    if (payload['ath'] !== (await accessTokenHash(token))) return false;
    if (jwk === undefined || (await calculateJwkThumbprint(jwk)) !== jkt) return false;
    // No await between this look-up and the insert: two racing requests with one proof cannot both pass.
    const jti = payload.jti;
    const now = Date.now();
    for (const [old, until] of seen) if (until < now) seen.delete(old);
    if (typeof jti !== 'string' || seen.has(jti)) return false;
    // A proof stays fresh until iat + MAX_AGE + SKEW, which may be later than now + WINDOW for a future iat.
    seen.set(jti, Math.max(now, ((payload.iat as number) + WINDOW) * 1000) + 1000);
    return true;
  }

  return async function handle(request: Request): Promise<Response> {
    const authorization = request.headers.get('authorization');
    // RFC 6750 §3.1 (which RFC 9449 §7.1 follows): no attempt at DPoP authentication gets a bare challenge.
    if (authorization === null || !/^dpop(\s|$)/i.test(authorization)) return challenge(401);
    const token = DPOP_AUTHORIZATION.exec(authorization)?.[1];
    if (token === undefined) return challenge(400, 'invalid_request');

    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, keys, {
        algorithms: ['ES256'],
        issuer: config.issuer,
        audience: config.audience,
        typ: 'at+jwt',
      }));
    } catch (error) {
      // We could not check the token at all: fail closed, and say it is us (503), not the client.
      if (isKeySetOutage(error)) return new Response(null, { status: 503 });
      return challenge(401, 'invalid_token');
    }
    const jkt = (claims['cnf'] as { jkt?: unknown } | undefined)?.jkt;
    // RFC 9449 §7.1: a token that is not bound is not a DPoP token.
    if (typeof jkt !== 'string') return challenge(401, 'invalid_token');

    if (!(await proofHolds(request, token, jkt))) return challenge(401, 'invalid_dpop_proof');
    return route(request, claims);
  };
}
