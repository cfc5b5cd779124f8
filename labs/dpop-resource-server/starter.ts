import { EmbeddedJWK, createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

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

function challenge(status: number, error?: string): Response {
  const params = [...(error ? [`error="${error}"`] : []), 'algs="ES256 Ed25519"'];
  return Response.json(
    { error: error ?? 'unauthorized' },
    { status, headers: { 'www-authenticate': `DPoP ${params.join(', ')}`, 'cache-control': 'no-store' } },
  );
}

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
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'ERR_JOSE_GENERIC' || code === 'ERR_JWKS_TIMEOUT' || error instanceof TypeError) {
        return Response.json({ error: 'temporarily_unavailable' }, { status: 503 });
      }
      return challenge(401, 'invalid_token');
    }

    const proof = request.headers.get('dpop');
    if (proof === null) return challenge(401, 'invalid_dpop_proof');
    try {
      await jwtVerify(proof, EmbeddedJWK);
    } catch {
      return challenge(401, 'invalid_dpop_proof');
    }
    // TODO: the rest of RFC 9449 §4.3: what is this proof for, when, for which token, signed by whom?
    return route(request, claims);
  };
}
