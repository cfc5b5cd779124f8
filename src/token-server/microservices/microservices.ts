import { generateSigningKey } from '../keys';
import { createGateway, type Gateway } from './gateway';
import { createHopLog, type HopLog } from './hop-log';
import { INTERNAL_TOKEN_TYPE, createInternalTokenIssuer } from './internal-token';
import { createResourceService, type ResourceService, type ServiceRoute } from './resource-service';
import { joseVerificationPolicy, type VerificationPolicy } from './verification-policy';

/** A service of the simulation: name, origin, its audience and routes with their scopes. */
export interface ServiceSpec {
  name: string;
  origin: string;
  audience?: string;
  routes: readonly ServiceRoute[];
  /** The gateway prefixes routed to this service; default each route's first path segment. */
  prefixes?: readonly string[];
  /** The service's verification; default jose used correctly for what the gateway forwards. */
  verify?: VerificationPolicy;
}

/** The default shop: an orders service and a billing service, each with its own audience and scopes. */
export const DEFAULT_SERVICES: readonly ServiceSpec[] = [
  {
    name: 'orders',
    origin: 'https://orders.example.test',
    routes: [
      { method: 'GET', path: '/orders', scopes: ['orders:read'] },
      { method: 'POST', path: '/orders', scopes: ['orders:write'] },
    ],
  },
  {
    name: 'billing',
    origin: 'https://billing.example.test',
    routes: [{ method: 'GET', path: '/invoices', scopes: ['billing:read'] }],
  },
];

export const GATEWAY_ORIGIN = 'https://gateway.example.test';

export interface MicroservicesOptions {
  /** Where the origins register and how the gateway reaches services (the run's simulated network). */
  network: {
    register(origin: string, handler: (request: Request) => Promise<Response>): () => void;
    fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  };
  /** The authorization server whose access tokens enter at the gateway, and its access-token lifetime (s). */
  authorizationServer: { issuer: string; jwksUri: string; algorithms: string[]; maxTokenAge: number };
  /** The `aud` external tokens need at the gateway (the public API identifier). */
  apiAudience: string;
  /** `internal-token` (default): the gateway mints a 60 s token per service; `access-token`: it passes the caller's on. */
  forward?: 'internal-token' | 'access-token';
  services?: readonly ServiceSpec[];
  /** The gateway's verification; default jose used correctly against the authorization server. */
  gatewayVerify?: VerificationPolicy;
  now: () => Date;
}

export interface Microservices {
  readonly gateway: Gateway;
  readonly services: ReadonlyMap<string, ResourceService>;
  /** One log for every hop, in request order. */
  readonly hops: HopLog;
  /** The gateway's origin, for building request URLs. */
  readonly url: (path: string) => string;
  /** Unregisters every origin. */
  close(): void;
}

function firstSegment(path: string): string {
  return `/${path.split('/')[1] ?? ''}`;
}

/**
 * Stands up an API gateway and resource services as simulated origins on one network, sharing a hop
 * log. Every hop verifies for itself with a pluggable policy (`gateway.setPolicy`,
 * `services.get(name).setPolicy`), so a lab can put the learner's code at any hop.
 */
export async function createMicroservices(options: MicroservicesOptions): Promise<Microservices> {
  const hops = createHopLog();
  const specs = options.services ?? DEFAULT_SERVICES;
  const forward = options.forward ?? 'internal-token';
  const as = options.authorizationServer;
  // RFC 9068 §2.2 claims, and maxTokenAge so a far-future exp cannot outlive the issuer's policy (A12).
  const accessTokenPolicy = (): VerificationPolicy =>
    joseVerificationPolicy({
      issuer: as.issuer,
      jwksUri: as.jwksUri,
      algorithms: as.algorithms,
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      maxTokenAge: as.maxTokenAge,
    });
  const internal =
    forward === 'internal-token'
      ? createInternalTokenIssuer({
          issuer: GATEWAY_ORIGIN,
          key: await generateSigningKey('ES256'),
          now: options.now,
        })
      : undefined;

  const services = new Map<string, ResourceService>();
  for (const spec of specs) {
    const verify =
      spec.verify ??
      (internal
        ? joseVerificationPolicy({
            issuer: internal.issuer,
            jwksUri: `${GATEWAY_ORIGIN}/.well-known/jwks.json`,
            algorithms: ['ES256'],
            typ: INTERNAL_TOKEN_TYPE,
            maxTokenAge: internal.lifetimeSeconds,
          })
        : accessTokenPolicy());
    const service = createResourceService({
      name: spec.name,
      origin: spec.origin,
      ...(spec.audience === undefined ? {} : { audience: spec.audience }),
      routes: spec.routes,
      verify,
      hops,
      now: options.now,
    });
    services.set(spec.name, service);
  }

  const gateway = createGateway({
    origin: GATEWAY_ORIGIN,
    audience: options.apiAudience,
    routes: specs.flatMap((spec) => {
      const service = services.get(spec.name);
      const prefixes = spec.prefixes ?? [...new Set(spec.routes.map((r) => firstSegment(r.path)))];
      return prefixes.map((prefix) => ({
        prefix,
        upstream: spec.origin,
        audience: service?.audience ?? spec.origin,
      }));
    }),
    verify: options.gatewayVerify ?? accessTokenPolicy(),
    forward: internal ? { kind: 'internal-token', issuer: internal } : { kind: 'access-token' },
    fetch: (request) => options.network.fetch(request),
    hops,
    now: options.now,
  });

  const unregister = [
    gateway.register(options.network),
    ...[...services.values()].map((s) => s.register(options.network)),
  ];
  return {
    gateway,
    services,
    hops,
    url: (path) => new URL(path, gateway.origin).toString(),
    close: () => unregister.forEach((off) => off()),
  };
}
