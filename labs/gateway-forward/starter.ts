import { createRemoteJWKSet, jwtVerify, type CryptoKey } from 'jose';

export interface GatewayRoute {
  /** Path prefix the route owns, e.g. `/orders` (matches `/orders` and `/orders/…`). */
  prefix: string;
  /** Origin of the service behind it, e.g. `https://orders.example.test`. */
  upstream: string;
  /** That service's audience: the only `aud` of the internal tokens minted for it. */
  audience: string;
}

export interface GatewayOptions {
  /** The authorization server whose access tokens callers present. */
  issuer: string;
  /** Its `jwks_uri`. */
  jwksUri: string;
  /** The `aud` external access tokens must carry to enter (the public API). */
  audience: string;
  /** The gateway's own issuer identifier, the `iss` of internal tokens. */
  internalIssuer: string;
  /** The gateway's signing key for internal tokens; the services trust only its public half. */
  signingKey: { kid: string; alg: string; privateKey: CryptoKey | Uint8Array };
  routes: readonly GatewayRoute[];
}

export function createGateway(options: GatewayOptions): (request: Request) => Promise<Response> {
  const jwks = createRemoteJWKSet(new URL(options.jwksUri));

  return async (request) => {
    const url = new URL(request.url);
    const route = options.routes.find(
      (r) => url.pathname === r.prefix || url.pathname.startsWith(`${r.prefix}/`),
    );
    if (!route) return Response.json({ error: 'not_found' }, { status: 404 });

    const token = (request.headers.get('authorization') ?? '').replace(/^Bearer +/i, '');
    try {
      await jwtVerify(token, jwks, {
        algorithms: ['ES256'],
        issuer: options.issuer,
        audience: options.audience,
      });
    } catch {
      return Response.json({ error: 'invalid_token' }, { status: 401 });
    }
    // Passes the request on as it came, the caller's access token included.
    return fetch(new URL(`${url.pathname}${url.search}`, route.upstream), {
      method: request.method,
      headers: request.headers,
    });
  };
}
