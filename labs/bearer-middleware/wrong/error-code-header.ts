/**
 * Written blind, from lab.md, the starter and the solution only.
 *
 * @fails requireBearerToken > RFC 6750 §3.1: invalid_token > answers every invalid token alike, whichever check it failed
 */
// class: fail-closed
// mistake: Sends jose's error code in an X-Auth-Error header "for client debugging", naming the check each token failed.
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

type Credentials = 'none' | 'malformed' | { token: string };

/**
 * RFC 6750 §2.1: `Bearer 1*SP b64token`; the scheme name is case-insensitive (RFC 9110 §11.1). Header values
 * arrive with surrounding whitespace already trimmed (Fetch: a header value is normalised).
 */
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

function credentialsOf(request: Request): Credentials {
  // A missing header reads as "null", which is no scheme at all.
  const authorization = String(request.headers.get('authorization'));
  // RFC 6750 §3.1: a request that does not attempt Bearer authentication gets a bare challenge.
  if (!/^bearer(\s|$)/i.test(authorization)) return 'none';
  const token = BEARER.exec(authorization)?.[1];
  return token ? { token } : 'malformed';
}

/** An RFC 6750 §3 challenge. No body: why a token failed is for our logs, not for whoever sent it. */
function challenge(status: number, params: Record<string, string> = {}): Response {
  const attributes = Object.entries({ realm: 'orders', ...params }).map(
    ([name, value]) => `${name}="${value}"`,
  );
  return new Response(null, { status, headers: { 'www-authenticate': `Bearer ${attributes.join(', ')}` } });
}

export function requireBearerToken(
  config: BearerConfig,
  next: ProtectedHandler,
): (request: Request) => Promise<Response> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));

  return async function handle(request: Request): Promise<Response> {
    const credentials = credentialsOf(request);
    if (credentials === 'none') return challenge(401);
    if (credentials === 'malformed') return challenge(400, { error: 'invalid_request' });

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
      const r = challenge(401, { error: 'invalid_token' });
      r.headers.set('x-auth-error', String((error as { code?: unknown }).code ?? 'unknown'));
      return r;
    }

    // RFC 9068 §2.2.3: scope is a space-separated list; compare whole scope tokens, never substrings.
    const scope = claims['scope'];
    if (!(typeof scope === 'string' && scope.split(' ').includes(config.requiredScope))) {
      return challenge(403, {
        error: 'insufficient_scope',
        scope: config.requiredScope,
      });
    }
    return next(request, claims);
  };
}
