/**
 * Wrong answer: leaves `typ` out of the access-token profile. The authorization server's ID tokens name this
 * service's audience too (when it is also an OpenID client), so an ID token passes as an access token.
 *
 * @fails createOrdersService > external routes > answers 401 invalid_token to an ID token signed by the authorization server
 * @fails createOrdersService > external routes > answers the same status, headers and body whatever made a token invalid
 */
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

function challenge(status: 401 | 403, params: Record<string, string> = {}): Response {
  const attributes = Object.entries({ realm: 'orders', ...params }).map(([k, v]) => `${k}="${v}"`);
  const error = params['error'] ?? 'unauthorized';
  return Response.json(
    { error },
    {
      status,
      headers: { 'www-authenticate': `Bearer ${attributes.join(', ')}`, 'cache-control': 'no-store' },
    },
  );
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
          // Access tokens come from our own authorization server: issuer and audience say enough.
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
          maxTokenAge: '60s',
          clockTolerance: 30,
        },
      },
    };

  return async (request) => {
    const path = new URL(request.url).pathname;
    const route = ROUTES.find((r) => r.method === request.method && r.path === path);
    if (!route) return Response.json({ error: 'not_found' }, { status: 404 });

    const header = request.headers.get('authorization');
    if (header === null) return challenge(401);
    const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
    if (!match?.[1]) return challenge(401, { error: 'invalid_token' });

    const profile = profiles[route.profile];
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1], profile.keys, profile.rules));
    } catch (error) {
      const keysDown =
        !(error instanceof errors.JOSEError) || ['ERR_JOSE_GENERIC', 'ERR_JWKS_TIMEOUT'].includes(error.code);
      if (keysDown) return Response.json({ error: 'temporarily_unavailable' }, { status: 503 });
      return challenge(401, { error: 'invalid_token' });
    }

    // RFC 9068 §4 step 7: `scope` is a space-separated list of whole scope tokens.
    const granted = typeof payload['scope'] === 'string' ? payload['scope'].split(' ') : [];
    if (!granted.includes(route.scope))
      return challenge(403, { error: 'insufficient_scope', scope: route.scope });
    return route.respond(payload);
  };
}
