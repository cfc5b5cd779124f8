import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface BearerConfig {
  /** The authorization server's issuer identifier. */
  issuer: string;
  /** This API's identifier, which must appear in `aud`. */
  audience: string;
  /** The issuer's `jwks_uri`. */
  jwksUri: string;
  /** The scope this route needs. */
  requiredScope: string;
}

/** The protected route itself, called only with a verified, sufficiently scoped token. */
export type ProtectedHandler = (request: Request, claims: JWTPayload) => Promise<Response>;

/**
 * Wraps a route so only requests with a valid access token reach it. The token verification is done
 * (it is the previous lab's answer); the HTTP around it is not. Run the checks to see what clients
 * are told when something is wrong, and what they should be told.
 */
export function requireBearerToken(
  config: BearerConfig,
  next: ProtectedHandler,
): (request: Request) => Promise<Response> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));

  return async function handle(request: Request): Promise<Response> {
    const token = (request.headers.get('authorization') ?? '').replace('Bearer ', '');
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ['ES256'],
        issuer: config.issuer,
        audience: config.audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
        clockTolerance: 30,
        maxTokenAge: '15m',
      });
      return await next(request, payload);
    } catch (error) {
      return new Response(`Unauthorized: ${String(error)}`, { status: 401 });
    }
  };
}
