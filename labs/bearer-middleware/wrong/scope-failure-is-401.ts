/**
 * Mistake: answering a missing scope with 401 invalid_token. The token is fine; asking the client to get a
 * new one (or to log the user in again) cannot help. RFC 6750 §3.1 says 403 insufficient_scope, with the
 * scope that would help.
 *
 * @fails requireBearerToken > RFC 6750 §3.1: insufficient_scope > answers a valid token without the scope with 403 insufficient_scope naming the scope
 * @fails requireBearerToken > RFC 6750 §3.1: insufficient_scope > compares whole scope tokens, not substrings
 * @fails requireBearerToken > RFC 6750 §3.1: insufficient_scope, what the 403 says > keeps the token's subject, client and granted scopes out of the 403
 * @fails requireBearerToken > RFC 6750 §3.1: insufficient_scope, what the 403 says > reads a comma as part of a scope token, not as a separator
 * @fails requireBearerToken > RFC 6750 §3.1: insufficient_scope, where the scopes come from > reads the granted scopes from the scope string alone
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface BearerConfig {
  /** The authorization server's issuer identifier. */
  issuer: string;
  /** This API's identifier, which must appear in `aud`. */
  audience: string;
  /** The issuer's `jwks_uri`. */
  jwksUri: string;
  /** The scope this route needs (RFC 6750 §3.1 `insufficient_scope`). */
  requiredScope: string;
}

/** The protected route itself, called only with a verified, sufficiently scoped token. */
export type ProtectedHandler = (request: Request, claims: JWTPayload) => Promise<Response>;

type Credentials = { kind: 'none' } | { kind: 'malformed' } | { kind: 'token'; token: string };

/** RFC 6750 §2.1: `Bearer 1*SP b64token`; the scheme name is case-insensitive (RFC 9110 §11.1). */
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

function credentialsOf(request: Request): Credentials {
  const authorization = request.headers.get('authorization');
  // RFC 6750 §3.1: a request that does not attempt Bearer authentication gets a bare challenge.
  if (authorization === null || !/^bearer(\s|$)/i.test(authorization)) return { kind: 'none' };
  const token = BEARER.exec(authorization)?.[1];
  return token ? { kind: 'token', token } : { kind: 'malformed' };
}

function challenge(status: number, params: Record<string, string> = {}): Response {
  const attributes = Object.entries({ realm: 'api', ...params }).map(([name, value]) => `${name}="${value}"`);
  // The body is generic on purpose: why a token failed is for our logs, not for whoever sent it.
  const body = params['error'] ? { error: params['error'] } : { error: 'unauthorized' };
  return Response.json(body, {
    status,
    headers: {
      'www-authenticate': `Bearer ${attributes.join(', ')}`,
      'cache-control': 'no-store',
    },
  });
}

function isKeySetOutage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_JOSE_GENERIC' || code === 'ERR_JWKS_TIMEOUT' || error instanceof TypeError;
}

export function requireBearerToken(
  config: BearerConfig,
  next: ProtectedHandler,
): (request: Request) => Promise<Response> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));

  return async function handle(request: Request): Promise<Response> {
    const credentials = credentialsOf(request);
    if (credentials.kind === 'none') return challenge(401);
    if (credentials.kind === 'malformed') return challenge(400, { error: 'invalid_request' });

    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(credentials.token, keys, {
        algorithms: ['ES256'],
        issuer: config.issuer,
        audience: config.audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
        clockTolerance: 30,
        maxTokenAge: '15m',
      }));
    } catch (error) {
      // We could not check the token at all: say so (503) instead of blaming the client, and never let it in.
      if (isKeySetOutage(error)) return Response.json({ error: 'temporarily_unavailable' }, { status: 503 });
      return challenge(401, { error: 'invalid_token' });
    }

    // RFC 9068 §2.2.3: scope is a space-separated list; compare whole scope tokens, never substrings.
    const granted = typeof claims['scope'] === 'string' ? claims['scope'].split(' ') : [];
    if (!granted.includes(config.requiredScope)) {
      return challenge(401, { error: 'invalid_token' });
    }
    return next(request, claims);
  };
}
