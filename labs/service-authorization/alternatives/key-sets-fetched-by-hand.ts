// @freedom fetches each profile's key set itself (cached 5 minutes) and verifies with createLocalJWKSet; a key set answer that is not a key set is 503 (the statement allows 401 or 503); no clock tolerance at all.
import {
  createLocalJWKSet,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyOptions,
} from 'jose';

export interface OrdersServiceOptions {
  audience: string;
  issuer: string;
  jwksUri: string;
  gatewayIssuer: string;
  gatewayJwksUri: string;
}

class KeysUnavailable extends Error {}

function keySource(uri: string) {
  let cached: { at: number; keys: ReturnType<typeof createLocalJWKSet> } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < 300_000) return cached.keys;
    let body: unknown;
    try {
      const res = await fetch(uri, { headers: { accept: 'application/json' } });
      if (!res.ok) throw new KeysUnavailable(String(res.status));
      body = await res.json();
    } catch {
      throw new KeysUnavailable('fetch');
    }
    let keys: ReturnType<typeof createLocalJWKSet>;
    try {
      keys = createLocalJWKSet(body as JSONWebKeySet);
    } catch {
      throw new KeysUnavailable('not a key set');
    }
    cached = { at: Date.now(), keys };
    return keys;
  };
}

const challenge = (status: number, rest = '') =>
  new Response(null, { status, headers: { 'www-authenticate': `Bearer realm="orders"${rest}` } });

export function createOrdersService(options: OrdersServiceOptions): (request: Request) => Promise<Response> {
  const external = {
    keys: keySource(options.jwksUri),
    rules: {
      algorithms: ['ES256'],
      issuer: options.issuer,
      audience: options.audience,
      typ: 'at+jwt',
      requiredClaims: ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'],
      clockTolerance: 0,
    } satisfies JWTVerifyOptions,
  };
  const internal = {
    keys: keySource(options.gatewayJwksUri),
    rules: {
      algorithms: ['Ed25519'],
      issuer: options.gatewayIssuer,
      audience: options.audience,
      typ: 'internal+jwt',
      requiredClaims: ['iss', 'exp', 'aud', 'sub', 'iat', 'jti'],
      clockTolerance: 0,
    } satisfies JWTVerifyOptions,
  };
  const routes = new Map([
    [
      'GET /orders',
      { profile: external, scope: 'orders:read', status: 200, body: (sub: unknown) => ({ sub, orders: [] }) },
    ],
    [
      'POST /orders',
      {
        profile: external,
        scope: 'orders:write',
        status: 201,
        body: (sub: unknown) => ({ sub, created: true }),
      },
    ],
    [
      'GET /internal/orders',
      { profile: internal, scope: 'orders:read', status: 200, body: (sub: unknown) => ({ sub, orders: [] }) },
    ],
  ]);

  return async (request) => {
    const route = routes.get(`${request.method} ${new URL(request.url).pathname}`);
    if (route === undefined) return new Response(null, { status: 404 });
    const header = request.headers.get('authorization');
    if (header === null) return challenge(401);
    const token = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header)?.[1];
    if (token === undefined) return challenge(401, ', error="invalid_token"');

    let keys: ReturnType<typeof createLocalJWKSet>;
    try {
      keys = await route.profile.keys();
    } catch {
      return new Response(null, { status: 503 });
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, route.profile.rules));
    } catch {
      return challenge(401, ', error="invalid_token"');
    }
    const scope = payload['scope'];
    if (typeof scope !== 'string' || !scope.split(' ').includes(route.scope))
      return challenge(403, `, error="insufficient_scope", scope="${route.scope}"`);
    return Response.json(route.body(payload.sub), { status: route.status });
  };
}
