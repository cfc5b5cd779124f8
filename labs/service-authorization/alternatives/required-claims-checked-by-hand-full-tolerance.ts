// @freedom checks the required claims (presence and string type) by hand after jwtVerify instead of with requiredClaims, allows the full 60 s of clock tolerance the statement permits ('60s'), and routes with an if/else chain.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

export interface OrdersServiceOptions {
  audience: string;
  issuer: string;
  jwksUri: string;
  gatewayIssuer: string;
  gatewayJwksUri: string;
}

const REQUIRED = {
  external: ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'],
  internal: ['iss', 'exp', 'aud', 'sub', 'iat', 'jti'],
} as const;

class InvalidToken extends Error {}

function wwwAuthenticate(status: number, extra = ''): Response {
  return new Response(null, { status, headers: { 'WWW-Authenticate': `Bearer realm="orders"${extra}` } });
}

export function createOrdersService(options: OrdersServiceOptions): (request: Request) => Promise<Response> {
  const accessKeys = createRemoteJWKSet(new URL(options.jwksUri));
  const gatewayKeys = createRemoteJWKSet(new URL(options.gatewayJwksUri));

  async function verifyAccess(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, accessKeys, {
      algorithms: ['ES256'],
      typ: 'at+jwt',
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: '60s',
    });
    for (const claim of REQUIRED.external) if (payload[claim] === undefined) throw new InvalidToken(claim);
    if (
      typeof payload['client_id'] !== 'string' ||
      typeof payload.jti !== 'string' ||
      typeof payload.sub !== 'string'
    )
      throw new InvalidToken('type');
    return payload;
  }

  async function verifyInternal(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, gatewayKeys, {
      algorithms: ['Ed25519'],
      typ: 'internal+jwt',
      issuer: options.gatewayIssuer,
      audience: options.audience,
      clockTolerance: '60s',
    });
    for (const claim of REQUIRED.internal) if (payload[claim] === undefined) throw new InvalidToken(claim);
    if (typeof payload.jti !== 'string' || typeof payload.sub !== 'string') throw new InvalidToken('type');
    return payload;
  }

  return async (request) => {
    const { pathname } = new URL(request.url);
    let verify: (t: string) => Promise<JWTPayload>;
    let needed: string;
    let ok: (p: JWTPayload) => Response;
    if (request.method === 'GET' && pathname === '/orders') {
      verify = verifyAccess;
      needed = 'orders:read';
      ok = (p) => Response.json({ sub: p.sub, orders: [] });
    } else if (request.method === 'POST' && pathname === '/orders') {
      verify = verifyAccess;
      needed = 'orders:write';
      ok = (p) => Response.json({ sub: p.sub, created: true }, { status: 201 });
    } else if (request.method === 'GET' && pathname === '/internal/orders') {
      verify = verifyInternal;
      needed = 'orders:read';
      ok = (p) => Response.json({ sub: p.sub, orders: [] });
    } else {
      return new Response('not found', { status: 404 });
    }

    const auth = request.headers.get('Authorization');
    if (auth === null) return wwwAuthenticate(401);
    const m = auth.match(/^[Bb][Ee][Aa][Rr][Ee][Rr] +([\w\-.~+/]+=*)$/);
    if (m === null || m[1] === undefined) return wwwAuthenticate(401, ', error="invalid_token"');

    let payload: JWTPayload;
    try {
      payload = await verify(m[1]);
    } catch (e) {
      if (e instanceof InvalidToken) return wwwAuthenticate(401, ', error="invalid_token"');
      if (e instanceof errors.JWKSTimeout) return new Response(null, { status: 503 });
      if (e instanceof errors.JOSEError && e.code === 'ERR_JOSE_GENERIC')
        return new Response(null, { status: 503 });
      if (!(e instanceof errors.JOSEError)) return new Response(null, { status: 503 });
      return wwwAuthenticate(401, ', error="invalid_token"');
    }

    const scopes = typeof payload['scope'] === 'string' ? payload['scope'].split(' ') : [];
    if (scopes.indexOf(needed) < 0)
      return wwwAuthenticate(403, `, error="insufficient_scope", scope="${needed}"`);
    return ok(payload);
  };
}
