import { z } from 'astro/zod';
import type { JWTPayload } from 'jose';
import { notFound } from './bearer-responses';
import { createHopLog, type HopLog } from './hop-log';
import { protectRequest } from './protect-request';
import type { VerificationPolicy } from './verification-policy';

const HttpsOrigin = z.url({ protocol: /^https$/, error: 'must be an https URL' });

/** The data part of a service route. */
const ServiceRouteSchema = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  /** Exact path, e.g. `/orders`. */
  path: z.string().regex(/^\/[^?#]*$/, 'a path starting with / and without query or fragment'),
  /** Scopes a token must grant for this route (RFC 9068 §4 step 7). */
  scopes: z.array(z.string().min(1)).default([]),
});

const ResourceServiceConfigSchema = z.strictObject({
  /** Hop name in the log and the `realm` of its challenges, e.g. `orders`. */
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case kebab-case name, e.g. orders'),
  /** The service's simulated origin, e.g. `https://orders.example.test`. */
  origin: HttpsOrigin,
  /** The `aud` value that names this service; default its origin. */
  audience: z.string().min(1).optional(),
});

/** What a route's handler gets once the request is verified and authorised. */
export interface RouteContext {
  payload: JWTPayload;
  request: Request;
  service: string;
}

export interface ServiceRoute extends z.input<typeof ServiceRouteSchema> {
  /** The resource; default a JSON echo of who asked for what. A non-Response result is sent as JSON. */
  respond?: (context: RouteContext) => unknown;
}

export interface ResourceServiceOptions extends z.input<typeof ResourceServiceConfigSchema> {
  routes: readonly ServiceRoute[];
  /** The service's own verification (the learner's, in a lab). */
  verify: VerificationPolicy;
  /** Shared with the other hops so one log shows the whole path; default a fresh one. */
  hops?: HopLog;
  now?: () => Date;
}

/** A resource service as a simulated origin that verifies every request itself (checklist #30). */
export interface ResourceService {
  readonly name: string;
  readonly origin: string;
  readonly audience: string;
  readonly hops: HopLog;
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Swaps the verification policy, e.g. for the learner's. */
  setPolicy(verify: VerificationPolicy): void;
  register(network: {
    register(origin: string, handler: (request: Request) => Promise<Response>): () => void;
  }): () => void;
}

function defaultResponse({ payload, request, service }: RouteContext): unknown {
  return {
    service,
    route: `${request.method} ${new URL(request.url).pathname}`,
    sub: payload.sub ?? null,
    client_id: payload['client_id'] ?? null,
    scope: payload['scope'] ?? null,
  };
}

export function createResourceService(options: ResourceServiceOptions): ResourceService {
  const config = ResourceServiceConfigSchema.parse({
    name: options.name,
    origin: options.origin,
    ...(options.audience === undefined ? {} : { audience: options.audience }),
  });
  const origin = new URL(config.origin).origin;
  const audience = config.audience ?? origin;
  const routes = options.routes.map((route) => ({
    ...ServiceRouteSchema.parse({ method: route.method, path: route.path, scopes: route.scopes }),
    respond: route.respond ?? defaultResponse,
  }));
  const hops = options.hops ?? createHopLog();
  const now = options.now ?? (() => new Date());
  let verify = options.verify;

  async function handle(request: Request): Promise<Response> {
    const time = now().toISOString();
    const path = new URL(request.url).pathname;
    const route = routes.find((r) => r.method === request.method && r.path === path);
    if (!route) {
      const response = notFound();
      hops.record({
        time,
        hop: config.name,
        method: request.method,
        url: request.url,
        decision: 'not_found',
        status: 404,
        requiredScopes: [],
      });
      return response;
    }
    const result = await protectRequest(
      request,
      { hop: config.name, audience, verify, requiredScopes: route.scopes },
      time,
    );
    if (!result.allowed) {
      hops.record(result.entry);
      return result.response;
    }
    let response: Response;
    try {
      const body = await route.respond({ payload: result.payload, request, service: config.name });
      response = body instanceof Response ? body : Response.json(body);
    } catch {
      // A crashing handler is a 500 for the caller, and the hop log still shows the request was authorised.
      hops.record({ ...result.entry, status: 500, error: 'ERR_HOP_HANDLER_THREW' });
      return Response.json({ error: 'server_error' }, { status: 500 });
    }
    hops.record({ ...result.entry, status: response.status });
    return response;
  }

  return {
    name: config.name,
    origin,
    audience,
    hops,
    fetch: (input, init) => handle(new Request(input, init)),
    setPolicy(next) {
      verify = next;
    },
    register: (network) => network.register(origin, handle),
  };
}
