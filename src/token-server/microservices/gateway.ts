import { z } from 'astro/zod';
import { badGateway, invalidToken, notFound } from './bearer-responses';
import { createHopLog, type HopLog } from './hop-log';
import type { InternalTokenIssuer } from './internal-token';
import { protectRequest } from './protect-request';
import type { VerificationPolicy } from './verification-policy';

const HttpsOrigin = z.url({ protocol: /^https$/, error: 'must be an https URL' });

const GatewayRouteSchema = z.strictObject({
  /** Path prefix the route owns, e.g. `/orders` (matches `/orders` and `/orders/…`). */
  prefix: z.string().regex(/^\/[^?#]*$/, 'a path prefix starting with /'),
  /** The service origin requests are forwarded to, same path and query. */
  upstream: HttpsOrigin,
  /** The `aud` of the upstream service (for internal tokens); default its origin. */
  audience: z.string().min(1).optional(),
  /** Scopes the gateway itself requires (coarse, edge-level); the service checks its own. */
  scopes: z.array(z.string().min(1)).default([]),
});
export type GatewayRoute = z.input<typeof GatewayRouteSchema>;

const GatewayConfigSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/)
    .default('gateway'),
  origin: HttpsOrigin,
  /** The `aud` external tokens must carry to enter (the public API's identifier). */
  audience: z.string().min(1),
  routes: z.array(GatewayRouteSchema).min(1),
});

/**
 * How the gateway calls a service once a request is verified: pass the caller's access token on, or
 * replace it with a short-lived internal token minted for that one service (the OWASP pattern).
 */
export type ForwardMode = { kind: 'access-token' } | { kind: 'internal-token'; issuer: InternalTokenIssuer };

export interface GatewayOptions extends z.input<typeof GatewayConfigSchema> {
  /** The gateway's verification (the learner's, in a lab). */
  verify: VerificationPolicy;
  forward: ForwardMode;
  /** How the gateway reaches services: the simulated network's fetch. */
  fetch: (request: Request) => Promise<Response>;
  hops?: HopLog;
  now?: () => Date;
}

export interface Gateway {
  readonly name: string;
  readonly origin: string;
  readonly audience: string;
  readonly hops: HopLog;
  /** Where services fetch the internal-token keys (internal-token mode). */
  readonly jwksUrl: string;
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  setPolicy(verify: VerificationPolicy): void;
  register(network: {
    register(origin: string, handler: (request: Request) => Promise<Response>): () => void;
  }): () => void;
}

/** Headers never forwarded: credentials are re-issued by the gateway, identity is never taken from the caller. */
const DROPPED_HEADERS = ['authorization', 'cookie', 'host', 'content-length'];

export function createGateway(options: GatewayOptions): Gateway {
  const config = GatewayConfigSchema.parse({
    name: options.name,
    origin: options.origin,
    audience: options.audience,
    routes: options.routes,
  });
  const origin = new URL(config.origin).origin;
  const jwksUrl = `${origin}/.well-known/jwks.json`;
  const hops = options.hops ?? createHopLog();
  const now = options.now ?? (() => new Date());
  let verify = options.verify;

  function routeFor(path: string) {
    return config.routes.find(
      (r) => path === r.prefix || path.startsWith(r.prefix.endsWith('/') ? r.prefix : `${r.prefix}/`),
    );
  }

  async function upstreamRequest(request: Request, upstream: string, token: string): Promise<Request> {
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    for (const name of DROPPED_HEADERS) headers.delete(name);
    headers.set('authorization', `Bearer ${token}`);
    const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
    return new Request(`${new URL(upstream).origin}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body,
    });
  }

  async function handle(request: Request): Promise<Response> {
    const time = now().toISOString();
    const path = new URL(request.url).pathname;
    if (
      request.method === 'GET' &&
      path === '/.well-known/jwks.json' &&
      options.forward.kind === 'internal-token'
    ) {
      return Response.json(options.forward.issuer.jwks(), {
        headers: { 'content-type': 'application/jwk-set+json' },
      });
    }
    const route = routeFor(path);
    if (!route) {
      hops.record({
        time,
        hop: config.name,
        method: request.method,
        url: request.url,
        decision: 'not_found',
        status: 404,
        requiredScopes: [],
      });
      return notFound();
    }
    const result = await protectRequest(
      request,
      { hop: config.name, audience: config.audience, verify, requiredScopes: route.scopes },
      time,
    );
    if (!result.allowed) {
      hops.record(result.entry);
      return result.response;
    }
    let forwarded = result.token;
    if (options.forward.kind === 'internal-token') {
      const audience = route.audience ?? new URL(route.upstream).origin;
      try {
        forwarded = await options.forward.issuer.mint(result.payload, audience);
      } catch {
        // Verified claims without a string sub name nobody to act for: refuse rather than forward anonymously.
        hops.record({ ...result.entry, decision: 'invalid_token', status: 401, error: 'ERR_HOP_NO_SUBJECT' });
        return invalidToken(config.name);
      }
    }
    const outgoing = await upstreamRequest(request, route.upstream, forwarded);
    const { id } = hops.record({ ...result.entry, status: null, forwardedTo: outgoing.url });
    try {
      const response = await options.fetch(outgoing);
      hops.complete(id, { status: response.status });
      return response;
    } catch (error) {
      const code =
        typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'Error';
      hops.complete(id, { decision: 'upstream_error', status: 502, error: code });
      return badGateway();
    }
  }

  return {
    name: config.name,
    origin,
    audience: config.audience,
    hops,
    jwksUrl,
    fetch: (input, init) => handle(new Request(input, init)),
    setPolicy(next) {
      verify = next;
    },
    register: (network) => network.register(origin, handle),
  };
}
