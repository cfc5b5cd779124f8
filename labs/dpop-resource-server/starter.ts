import { EmbeddedJWK, createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

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

/** The allow-list for proofs: asymmetric only. */
const PROOF_ALGORITHMS = ['ES256', 'Ed25519'];

function challenge(status: number, error?: string): Response {
  // RFC 9449 §7.1: a request that did not try DPoP gets the bare scheme; the others say what failed.
  const header = error === undefined ? 'DPoP' : `DPoP error="${error}"`;
  // No body: which check failed is for our logs, not for whoever sent the request.
  return new Response(null, { status, headers: { 'www-authenticate': header } });
}

/** jose's codes for a key set it could not fetch or read: the token itself was never judged. */
const KEY_SET_FAILURES = new Set(['ERR_JOSE_GENERIC', 'ERR_JWKS_INVALID', 'ERR_JWKS_TIMEOUT']);

/**
 * Lets a request through when its DPoP-bound access token verifies and a DPoP proof comes with it. The
 * access-token half is done; the proof is only checked for a signature by the key it carries, which anyone
 * can produce. Run the checks to see what a thief with a stolen token can still do.
 */
export function requireDpopToken(
  config: DpopConfig,
  route: ProtectedHandler,
): (request: Request) => Promise<Response> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));

  return async function handle(request: Request): Promise<Response> {
    const authorization = request.headers.get('authorization');
    if (authorization === null || !/^dpop(\s|$)/i.test(authorization)) return challenge(401);
    const token = /^dpop +(\S+)$/i.exec(authorization)?.[1];
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
      // The key set could not be fetched: we cannot judge the token, so refuse it, and say it is us (503).
      if (!(error instanceof errors.JOSEError) || KEY_SET_FAILURES.has(error.code)) {
        return new Response(null, { status: 503 });
      }
      return challenge(401, 'invalid_token');
    }

    const proof = request.headers.get('dpop');
    if (proof === null) return challenge(401, 'invalid_dpop_proof');
    try {
      await jwtVerify(proof, EmbeddedJWK, { algorithms: PROOF_ALGORITHMS });
    } catch {
      return challenge(401, 'invalid_dpop_proof');
    }
    // TODO: the rest of RFC 9449 §4.3: what is this proof for, when, for which token, signed by whom?
    return route(request, claims);
  };
}
