/**
 * Mistake: no try/catch around jwtVerify, "the framework turns exceptions into errors". Every bad token becomes
 * a rejected promise (a 500 with a stack trace in most servers) instead of 401 invalid_token, and a JWKS outage
 * looks like a server bug (RFC 6750 §3.1; fail closed, with the right status).
 *
 * @fails requireBearerToken > RFC 6750 §3.1: invalid_token > answers forged, expired and misdirected tokens with 401 invalid_token
 * @fails requireBearerToken > RFC 6750 §3.1: invalid_token > answers a token with garbage in every segment with 401, not a crash
 * @fails requireBearerToken > RFC 6750 §3.1: invalid_token > keeps the reason out of the response: no jose message, no claim values
 * @fails requireBearerToken > fail closed > refuses every token while the key set is unreachable, without a 500
 * @fails requireBearerToken > RFC 6750 §3.1: invalid_token > refuses another kind of JWT from the same issuer, even with this API as audience and the scope
 * @fails requireBearerToken > RFC 7519 §4.1.4: a token accepted before > refuses the same token once it has expired, however often it was accepted
 * @fails requireBearerToken > RFC 6750 §3.1: invalid_token > refuses a token missing any claim RFC 9068 §2.2 requires
 * @fails requireBearerToken > an attack before any genuine request > refuses a tampered token that is the first request it ever sees, then admits a valid one
 * @fails requireBearerToken > RFC 6750 §3.1: invalid_token > refuses a token issued more than 15 minutes ago, even before its exp
 * @fails requireBearerToken > RFC 6750 §3.1: invalid_token > answers every invalid token alike, whichever check it failed
 * @fails requireBearerToken > RFC 7519 §4.1.4: a token accepted before > refuses a token first accepted moments before its exp once that exp has passed
 * @fails requireBearerToken > a cache of verified tokens > refuses a token for another API that a middleware for that API admitted, and the other way round
 * @fails requireBearerToken > a cache of verified tokens > refuses a forged token that repeats the jti, or the header and payload, of a token accepted before
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

export function requireBearerToken(
  config: BearerConfig,
  next: ProtectedHandler,
): (request: Request) => Promise<Response> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));

  return async function handle(request: Request): Promise<Response> {
    const credentials = credentialsOf(request);
    if (credentials.kind === 'none') return challenge(401);
    if (credentials.kind === 'malformed') return challenge(400, { error: 'invalid_request' });

    const { payload: claims } = await jwtVerify(credentials.token, keys, {
      algorithms: ['ES256'],
      issuer: config.issuer,
      audience: config.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 30,
      maxTokenAge: '15m',
    });

    // RFC 9068 §2.2.3: scope is a space-separated list; compare whole scope tokens, never substrings.
    const granted = typeof claims['scope'] === 'string' ? claims['scope'].split(' ') : [];
    if (!granted.includes(config.requiredScope)) {
      return challenge(403, {
        error: 'insufficient_scope',
        scope: config.requiredScope,
      });
    }
    return next(request, claims);
  };
}
