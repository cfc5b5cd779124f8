/**
 * Written blind, from lab.md, the starter and the solution only.
 *
 * @fails createOrdersService > external routes > answers 403 insufficient_scope to a valid token without orders:read
 * @fails createOrdersService > external routes > answers 403 insufficient_scope to POST /orders with a read-only token
 * @fails createOrdersService > internal routes > answers 403 insufficient_scope to an internal token without orders:read
 */
// class: allow-list
// mistake: Treats "orders:*" as granting every orders scope, a wildcard the authorization server never defined: a token granted "orders:*" for another purpose reads and creates orders.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';

export interface OrdersServiceOptions {
  /** This service's audience: the `aud` every token it accepts must contain. */
  audience: string;
  /** The authorization server, which issues access tokens (`typ: at+jwt`, ES256) for the external routes. */
  issuer: string;
  jwksUri: string;
  /** The API gateway, which mints internal tokens (`typ: internal+jwt`, Ed25519) for the internal routes. */
  gatewayIssuer: string;
  gatewayJwksUri: string;
}

type Profile = 'external' | 'internal';

/** jose's codes for a key set it could not read: an error answer, or no answer in time. */
const KEYS_UNAVAILABLE = [
  'ERR_JOSE_GENERIC',
  // Stryker disable next-line StringLiteral: jose times out after 5 s of real time, beyond the lab's time budget, so no check can present a key set that never answers
  'ERR_JWKS_TIMEOUT',
];

interface Route {
  method: string;
  path: string;
  profile: Profile;
  scope: string;
  respond: (payload: JWTPayload) => Response;
}

const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/orders',
    profile: 'external',
    scope: 'orders:read',
    respond: (p) => Response.json({ sub: p.sub, orders: [] }),
  },
  {
    method: 'POST',
    path: '/orders',
    profile: 'external',
    scope: 'orders:write',
    respond: (p) => Response.json({ sub: p.sub, created: true }, { status: 201 }),
  },
  {
    method: 'GET',
    path: '/internal/orders',
    profile: 'internal',
    scope: 'orders:read',
    respond: (p) => Response.json({ sub: p.sub, orders: [] }),
  },
];

/** An RFC 6750 §3 challenge: the same for every kind of invalid token, so it never says which check failed. */
function challenge(status: 401 | 403, params: Record<string, string> = {}): Response {
  const attributes = Object.entries({ realm: 'orders', ...params }).map(([k, v]) => `${k}="${v}"`);
  return new Response(null, { status, headers: { 'www-authenticate': `Bearer ${attributes.join(', ')}` } });
}

export function createOrdersService(options: OrdersServiceOptions): (request: Request) => Promise<Response> {
  // Each kind of token has its own key source and its own rules, so neither can pass as the other
  // (RFC 8725 §3.12). Both key sets are created once and reused.
  const profiles: Record<Profile, { keys: ReturnType<typeof createRemoteJWKSet>; rules: JWTVerifyOptions }> =
    {
      external: {
        keys: createRemoteJWKSet(new URL(options.jwksUri)),
        rules: {
          algorithms: ['ES256'],
          issuer: options.issuer,
          audience: options.audience,
          typ: 'at+jwt',
          requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
          clockTolerance: 30,
        },
      },
      internal: {
        keys: createRemoteJWKSet(new URL(options.gatewayJwksUri)),
        rules: {
          algorithms: ['Ed25519'],
          issuer: options.gatewayIssuer,
          audience: options.audience,
          typ: 'internal+jwt',
          requiredClaims: ['exp', 'iat', 'jti', 'sub'],
          clockTolerance: 30,
        },
      },
    };

  return async (request) => {
    const path = new URL(request.url).pathname;
    const route = ROUTES.find((r) => r.method === request.method && r.path === path);
    if (!route) return new Response(null, { status: 404 });

    const header = request.headers.get('authorization');
    if (header === null) return challenge(401);
    const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
    if (!match?.[1]) return challenge(401, { error: 'invalid_token' });

    const profile = profiles[route.profile];
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1], profile.keys, profile.rules));
    } catch (error) {
      const keysDown = !(error instanceof errors.JOSEError) || KEYS_UNAVAILABLE.includes(error.code);
      if (keysDown) return new Response(null, { status: 503 });
      return challenge(401, { error: 'invalid_token' });
    }

    // RFC 9068 §4 step 7: `scope` is a space-separated list of whole scope tokens.
    const granted = typeof payload['scope'] === 'string' ? payload['scope'].split(' ') : [];
    if (!granted.includes(route.scope) && !granted.includes(`${route.scope.split(':')[0]}:*`))
      return challenge(403, { error: 'insufficient_scope', scope: route.scope });
    return route.respond(payload);
  };
}
