// @freedom matches the scope with an anchored regex on the raw claim (whole space-delimited tokens) instead of splitting it, routes through a Map keyed "METHOD path", answers refusals with one fixed JSON body per error code, allows '1 minute' of clock tolerance and a one-day maxTokenAge.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';

export interface OrdersServiceOptions {
  audience: string;
  issuer: string;
  jwksUri: string;
  gatewayIssuer: string;
  gatewayJwksUri: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const hasScope = (scope: unknown, wanted: string) =>
  typeof scope === 'string' && new RegExp(`(?:^| )${escape(wanted)}(?: |$)`).test(scope);

function fail(status: 401 | 403, error?: string, scope?: string): Response {
  let value = 'Bearer realm="orders"';
  if (error) value += `, error="${error}"`;
  if (scope) value += `, scope="${scope}"`;
  return Response.json(
    { error: error ?? 'unauthorized' },
    { status, headers: { 'WWW-Authenticate': value } },
  );
}

export function createOrdersService(options: OrdersServiceOptions): (request: Request) => Promise<Response> {
  const verifiers = {
    external: (() => {
      const keys = createRemoteJWKSet(new URL(options.jwksUri));
      const rules: JWTVerifyOptions = {
        algorithms: ['ES256'],
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
        requiredClaims: ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'],
        clockTolerance: '1 minute',
        maxTokenAge: '1 day',
      };
      return (t: string) => jwtVerify(t, keys, rules);
    })(),
    internal: (() => {
      const keys = createRemoteJWKSet(new URL(options.gatewayJwksUri));
      const rules: JWTVerifyOptions = {
        algorithms: ['Ed25519'],
        issuer: options.gatewayIssuer,
        audience: [options.audience],
        typ: 'internal+jwt',
        requiredClaims: ['iss', 'exp', 'aud', 'sub', 'iat', 'jti'],
        clockTolerance: '1 minute',
        maxTokenAge: '1 day',
      };
      return (t: string) => jwtVerify(t, keys, rules);
    })(),
  };
  type R = {
    verify: (t: string) => ReturnType<typeof jwtVerify>;
    scope: string;
    ok: (p: JWTPayload) => Response;
  };
  const table = new Map<string, R>([
    [
      'GET /orders',
      {
        verify: verifiers.external,
        scope: 'orders:read',
        ok: (p) => Response.json({ sub: p.sub, orders: [] }),
      },
    ],
    [
      'POST /orders',
      {
        verify: verifiers.external,
        scope: 'orders:write',
        ok: (p) => Response.json({ sub: p.sub, created: true }, { status: 201 }),
      },
    ],
    [
      'GET /internal/orders',
      {
        verify: verifiers.internal,
        scope: 'orders:read',
        ok: (p) => Response.json({ sub: p.sub, orders: [] }),
      },
    ],
  ]);

  return async (request) => {
    const r = table.get(`${request.method} ${new URL(request.url).pathname}`);
    if (!r) return Response.json({ error: 'not_found' }, { status: 404 });
    const h = request.headers.get('authorization');
    if (h === null) return fail(401);
    const m = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(h);
    if (!m?.[1]) return fail(401, 'invalid_token');
    let payload: JWTPayload;
    try {
      ({ payload } = await r.verify(m[1]));
    } catch (e) {
      if (!(e instanceof errors.JOSEError) || e.code === 'ERR_JOSE_GENERIC' || e.code === 'ERR_JWKS_TIMEOUT')
        return Response.json({ error: 'temporarily_unavailable' }, { status: 503 });
      return fail(401, 'invalid_token');
    }
    if (!hasScope(payload['scope'], r.scope)) return fail(403, 'insufficient_scope', r.scope);
    return r.ok(payload);
  };
}
