import { beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from '@lab/submission';
import {
  attackerHost,
  createHopLog,
  createResourceService,
  createTokenServer,
  evidence,
  expectStatus,
  forLearner,
  joseVerificationPolicy,
  labAttacker,
  labClock,
  labNetwork,
  labRandom,
  loadSimulationKey,
  recordAttack,
  settle,
  untilIdle,
  type AttackId,
  type AttackToken,
  type HopLog,
  type LabAttacker,
  type RouteContext,
  type SigningKey,
  type TokenServer,
} from '@lab/server';

const GATEWAY = 'https://gateway.example.test';
const GATEWAY_KEYS = 'https://gateway-keys.example.test/jwks.json';
const ORDERS = 'https://orders.example.test';
const BILLING = 'https://billing.example.test';
/** A route whose service is down: its origin is not on the network. */
const REPORTS = 'https://reports.example.test';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/**
 * Every method a caller can send (TRACE and CONNECT cannot be constructed), PROPFIND standing for the methods
 * nobody lists: each one without a token or with a forged one must be refused.
 */
const EVERY_METHOD = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND'] as const;
/** Another public API whose gateway runs beside this one, with its own options. */
const OTHER_API = 'https://other-api.example.test';
/**
 * Claims an access token may carry beyond the identity the internal token copies: none may reach a service
 * (lab.md step 3: `sub`, `client_id` and `scope`, and no other claim of the access token).
 */
const EXTRA_CLAIMS = {
  roles: ['admin'],
  groups: ['admins'],
  entitlements: ['orders:admin'],
  email: 'alice@example.test',
  act: { sub: 'admin-console' },
  cnf: { jkt: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs' },
} as const;
/**
 * Caller headers that claim an identity or carry a credential: none may reach a service. Cookie and
 * Proxy-Authorization are absent because a browser drops them from any Request it builds (forbidden header
 * names), so the browser grader could not present them and would disagree with Node.
 */
const IDENTITY_HEADERS = {
  'x-user': 'user-admin',
  'x-user-id': 'user-admin',
  'x-forwarded-user': 'user-admin',
  'x-remote-user': 'user-admin',
  'x-original-user': 'user-admin',
  'x-auth-request-user': 'user-admin',
  'x-forwarded-email': 'admin@example.test',
  forwarded: 'for=192.0.2.1;by=gateway;user=user-admin',
  'x-scope': 'orders:read orders:admin billing:read',
  'x-client-id': 'admin-console',
} as const;
/** The only caller headers the statement lets the gateway pass on (plus its own Authorization). */
const FORWARDABLE = ['accept', 'accept-language', 'content-type', 'authorization'];
const INTERNAL_CLAUSES = ['OWASP Microservices Security Cheat Sheet: identity propagation', 'RFC 8725 §3.12'];
/** The largest clock tolerance the statement allows for the access token's exp. */
const MAX_LEEWAY = 60;
/** The seed of the shuffled legitimate-traffic check (reported in its evidence and failure message). */
const SHUFFLE_SEED = 0x5eed_6a7e;

/** A request as one service received it, recorded by the checks' own route handler. */
interface Received {
  service: string;
  method: string;
  url: string;
  headers: [string, string][];
  body: string;
  /** The internal token's claims, as the service's own verification returned them. */
  payload: Record<string, unknown>;
}

let server: TokenServer;
let kit: LabAttacker;
let hops: HopLog;
let gatewayKey: SigningKey;
let received: Received[];
/** What the authorization server's JWKS endpoint answers. */
let jwksAnswer: 'keys' | 'error' | 'malformed' | 'html';
/** Public keys of other algorithms the authorization server's key set publishes beside its ES256 key. */
let otherKeys: object[];
/** The options this check's gateway was created with (a frozen copy is handed to learner code). */
let gatewayOptions: Parameters<typeof createGateway>[0];
let gateway: (request: Request) => Promise<Response>;

async function record(log: Received[], { payload, request, service }: RouteContext): Promise<unknown> {
  log.push({
    service,
    method: request.method,
    url: request.url,
    headers: [...request.headers],
    body: await request.text(),
    payload: { ...payload },
  });
  return { ok: true };
}

async function accessToken(
  options: { sub?: string; scope?: string[]; audience?: string; clientId?: string } = {},
): Promise<string> {
  const issued = await server.issueAccessToken({
    sub: options.sub ?? 'user-alice',
    scope: options.scope ?? ['orders:read', 'billing:read'],
    audience: options.audience ?? server.audience,
    clientId: options.clientId ?? 'lab-client',
  });
  return issued.token;
}

function request(
  path: string,
  options: { token?: string; method?: string; headers?: Record<string, string>; body?: string } = {},
): Request {
  const headers = new Headers(options.headers);
  if (options.token !== undefined) headers.set('authorization', `Bearer ${options.token}`);
  return new Request(`${GATEWAY}${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
  });
}

/** Requests that reached any service, accepted or not. */
function reached(): number {
  return hops.of('orders').length + hops.of('billing').length;
}

/** The gateway must answer 200 (the service's answer) and the service must have recorded the request. */
async function forwarded(req: Request, label?: string, via = gateway): Promise<Received> {
  const before = received.length;
  await expectStatus(() => via(req), 200, label === undefined ? {} : { label });
  const entry = received.at(-1);
  expect(received.length, `${label ?? 'the request'}: no service served it`).toBe(before + 1);
  return entry as Received;
}

/** The gateway must answer `status` and no request may reach any service. */
async function refused(req: Request, status: number, label: string, error?: string): Promise<void> {
  const before = reached();
  await expectStatus(() => gateway(req), status, error === undefined ? { label } : { label, error });
  expect(reached() - before, `${label}: requests the gateway forwarded anyway`).toBe(0);
}

/** The status the gateway answered, or `thrown`/`not a Response`: for checks that allow more than one refusal. */
async function statusOf(req: Request): Promise<number | string> {
  const outcome = await settle(() => gateway(req));
  if (!outcome.accepted) return 'thrown';
  const value = outcome.value as { status?: unknown } | null;
  return typeof value?.status === 'number' ? value.status : 'not a Response';
}

/** The internal token the service received and its decoded header (from the hop log). */
function internalHeader(entry: Received): Record<string, unknown> {
  const token = authorizationOf(entry);
  const hop = hops.entries.findLast((h) => h.token === token);
  return hop?.decoded?.header ?? {};
}

function authorizationOf(entry: Received): string {
  const value = entry.headers.find(([name]) => name === 'authorization')?.[1] ?? '';
  return value.replace(/^Bearer /, '');
}

async function mint(id: AttackId, ...variants: string[]): Promise<AttackToken[]> {
  const tokens = await kit.mint(id);
  return variants.length === 0 ? tokens : tokens.filter((token) => variants.includes(token.variant));
}

/** A seeded Fisher–Yates shuffle (mulberry32), so a failing order can be replayed from its seed. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

beforeEach(async () => {
  server = await createTokenServer();
  jwksAnswer = 'keys';
  otherKeys = [];
  server.close();
  labNetwork().register(server.issuer, (req) => {
    if (req.url !== server.endpoints.jwks) return server.fetch(req);
    if (jwksAnswer === 'error') return new Response('upstream unavailable', { status: 500 });
    if (jwksAnswer === 'malformed') return Response.json({ keys: 'rotating' });
    if (jwksAnswer === 'html') return new Response('<html>maintenance</html>', { status: 200 });
    if (otherKeys.length > 0) return Response.json({ keys: [...server.keys.jwks().keys, ...otherKeys] });
    return server.fetch(req);
  });
  kit = labAttacker(server, { claims: { sub: 'user-alice', client_id: 'lab-client', scope: 'orders:read' } });
  hops = createHopLog();
  // Each check's own log, so a request still in flight from a timed-out check cannot land in the next one.
  const log: Received[] = [];
  received = log;
  gatewayKey = await loadSimulationKey('Ed25519');
  const publicJwk = gatewayKey.publicJwk;
  labNetwork().register(new URL(GATEWAY_KEYS).origin, async () => Response.json({ keys: [publicJwk] }));
  for (const [name, origin, paths, scope] of [
    ['orders', ORDERS, ['/orders', '/orders/42'], 'orders:read'],
    ['billing', BILLING, ['/invoices'], 'billing:read'],
  ] as const) {
    createResourceService({
      name,
      origin,
      routes: paths.flatMap((path) =>
        METHODS.map((method) => ({
          method,
          path,
          scopes: [scope],
          respond: (context: RouteContext) => record(log, context),
        })),
      ),
      verify: joseVerificationPolicy({
        issuer: GATEWAY,
        jwksUri: GATEWAY_KEYS,
        algorithms: ['Ed25519'],
        typ: 'internal+jwt',
        requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      }),
      hops,
      now: () => labClock().now(),
    }).register(labNetwork());
  }
  gatewayOptions = {
    issuer: server.issuer,
    jwksUri: server.endpoints.jwks,
    audience: server.audience,
    internalIssuer: GATEWAY,
    signingKey: gatewayKey,
    routes: [
      { prefix: '/orders', upstream: ORDERS, audience: ORDERS },
      { prefix: '/invoices', upstream: BILLING, audience: BILLING },
      { prefix: '/reports', upstream: REPORTS, audience: REPORTS },
    ],
  };
  // A frozen copy: the key record is the simulation's shared one, which learner code must not rewrite.
  gateway = createGateway(forLearner(gatewayOptions));
});

describe('createGateway', () => {
  describe('at the edge', () => {
    it('forwards a request with a valid access token to its service', async () => {
      const entry = await forwarded(request('/orders', { token: await accessToken() }));
      expect({ service: entry.service, sub: entry.payload['sub'] }).toEqual({
        service: 'orders',
        sub: 'user-alice',
      });
    });

    it('answers 401 with a Bearer challenge, forwarding nothing, to every method without a bearer token', async () => {
      const token = await accessToken();
      evidence({
        token,
        clauses: ['RFC 6750 §2', 'RFC 6750 §3.1'],
        note: 'no Authorization, the token in the query, in a form body or a cookie, Basic credentials; every method',
      });
      const cases: [string, Request][] = [
        ...EVERY_METHOD.map((method): [string, Request] => [
          `${method} without a token`,
          request('/orders', { method }),
        ]),
        ['a token in the query', request(`/orders?access_token=${token}`)],
        [
          'a token in a form body',
          request('/orders', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `access_token=${token}`,
          }),
        ],
        ['a token in a cookie', request('/orders', { headers: { cookie: `access_token=${token}` } })],
        ['Basic credentials', request('/orders', { headers: { authorization: 'Basic dXNlcjpwYXNz' } })],
      ];
      for (const [label, req] of cases) {
        const before = reached();
        const response = await expectStatus(() => gateway(req), 401, { label });
        expect({ label, scheme: response.challenge?.scheme.toLowerCase() }).toEqual({
          label,
          scheme: 'bearer',
        });
        expect(reached() - before, `${label}: requests the gateway forwarded anyway`).toBe(0);
      }
      await forwarded(request('/orders', { token }), 'the same token in the Authorization header');
    });

    it('reads the bearer token as RFC 6750 §2.1 writes it, with a case-insensitive scheme', async () => {
      const token = await accessToken();
      evidence({
        token,
        clauses: ['RFC 6750 §2.1', 'RFC 9110 §11.1'],
        note: 'scheme case and spacing, junk around the token',
      });
      for (const authorization of [`bearer ${token}`, `BEARER ${token}`, `Bearer  ${token}`]) {
        await forwarded(
          request('/orders', { headers: { authorization } }),
          authorization.replace(token, '<token>'),
        );
      }
      for (const authorization of [
        `xBearer ${token}`,
        `Bearer ${token} x`,
        `Bearer ${token},`,
        `Bearer${token}`,
      ]) {
        await refused(
          request('/orders', { headers: { authorization } }),
          401,
          authorization.replace(token, '<token>'),
        );
      }
    });

    it('answers 401 without forwarding when the access token is forged', async () => {
      const forged = await kit.validToken({
        key: await kit.attacker.key('ES256', server.keys.signingKey().kid),
      });
      evidence({
        token: forged,
        clauses: ['RFC 7515 §5.2', 'OWASP ASVS 5.0 §9.1.1'],
        note: "attacker's key under the issuer's kid, with every method",
      });
      for (const method of EVERY_METHOD) {
        await refused(
          request('/orders', { token: forged, method }),
          401,
          `${method} forged`,
          'invalid_token',
        );
      }
      await forwarded(
        request('/orders', { token: await kit.validToken() }),
        'a genuine token after the forged one',
      );
    });

    it('answers 401 to alg none, HMAC keyed with the public key and keys named by the token', async () => {
      const tokens = [
        ...(await mint('A2')),
        ...(await mint('C2')),
        ...(await mint('A7')),
        ...(await mint('A8')),
        ...(await mint('A9')),
      ];
      expect(tokens.length).toBeGreaterThan(4);
      for (const token of tokens) {
        recordAttack(token);
        await refused(request('/orders', { token: token.token }), 401, `${token.attack} ${token.variant}`);
      }
      expect(attackerHost().hits(), 'requests to a key URL the token named').toBe(0);
      await forwarded(
        request('/orders', { token: await accessToken() }),
        'a genuine token after the attacks',
      );
    });

    it('answers 401 to a token signed for another algorithm by a key the key set publishes', async () => {
      const keys = await Promise.all([
        loadSimulationKey('RS256'),
        loadSimulationKey('PS256'),
        // Index 1: key 0 of Ed25519 is the gateway's own.
        loadSimulationKey('Ed25519', 1),
      ]);
      // Published without alg, so the key would verify the token under either name of its algorithm.
      otherKeys = keys.map(({ publicJwk }) => ({ ...publicJwk, alg: undefined }));
      const tokens = keys.map((key): [string, SigningKey] => [key.alg, key]);
      tokens.push(['EdDSA', keys[2] as SigningKey]);
      for (const [alg, key] of tokens) {
        const token = await kit.validToken({ key, header: { alg } });
        evidence({
          token,
          clauses: ['RFC 8725 §3.1'],
          note: `${alg}, signed by a key the authorization server's key set publishes beside its ES256 key`,
        });
        await refused(request('/orders', { token }), 401, `a token with alg ${alg}`, 'invalid_token');
      }
      await forwarded(
        request('/orders', { token: await accessToken() }),
        'an ES256 token from the same key set',
      );
    });

    it('answers 401 to an access token issued for another API', async () => {
      const api = server.audience;
      const audiences = [
        OTHER_API,
        ORDERS,
        BILLING,
        `${api}/`,
        `${api}.evil.test`,
        api.toUpperCase(),
        `${api}:443`,
        `${api}/orders`,
        api.slice(0, -1),
      ];
      for (const audience of audiences) {
        const elsewhere = await accessToken({ audience });
        evidence({ token: elsewhere, clauses: ['RFC 8725 §3.9', 'RFC 9700 §2.3'], note: `aud ${audience}` });
        await refused(request('/orders', { token: elsewhere }), 401, `aud ${audience}`, 'invalid_token');
      }
      await forwarded(request('/orders', { token: await accessToken() }), 'a token for this API');
    });

    it('answers 401 to a token another gateway, created with other options, accepted', async () => {
      const token = await accessToken({ audience: OTHER_API });
      evidence({
        token,
        clauses: ['RFC 8725 §3.9', 'RFC 9700 §2.3'],
        note: `a gateway for ${OTHER_API} beside this one forwards the token first`,
      });
      const other = createGateway(forLearner({ ...gatewayOptions, audience: OTHER_API }));
      await forwarded(request('/orders', { token }), `the gateway of ${OTHER_API}`, other);
      await refused(request('/orders', { token }), 401, 'the same token at this gateway', 'invalid_token');
      await forwarded(request('/orders', { token: await accessToken() }), 'a token for this API');
    });

    it('answers 401 to a token whose iss only resembles the authorization server', async () => {
      const issuer = server.issuer;
      for (const iss of [
        `${issuer}/`,
        issuer.toUpperCase(),
        `${issuer}.evil.test`,
        'https://attacker.example.test',
      ]) {
        const token = await kit.validToken({ claims: { iss } });
        evidence({
          token,
          clauses: ['RFC 7519 §4.1.1', 'RFC 9068 §4'],
          note: `iss ${iss}, signed by the issuer key`,
        });
        await refused(request('/orders', { token }), 401, `iss ${iss}`, 'invalid_token');
      }
      await forwarded(request('/orders', { token: await kit.validToken() }), 'the genuine issuer');
    });

    it('answers 401 to an ID token or a token of another type', async () => {
      const cases: [string, string][] = [
        ['an ID token (typ JWT)', await kit.validToken({ header: { typ: 'JWT' } })],
        ['a token without typ', await kit.validToken({ omitHeader: ['typ'] })],
        ['an issuer-signed internal+jwt', await kit.validToken({ header: { typ: 'internal+jwt' } })],
      ];
      for (const [label, token] of cases) {
        evidence({ token, clauses: ['RFC 8725 §3.11', 'RFC 9068 §2.1'], note: `${label} at the gateway` });
        await refused(request('/orders', { token }), 401, label, 'invalid_token');
      }
      await forwarded(request('/orders', { token: await kit.validToken() }), 'an at+jwt access token');
    });

    it('answers 401 to an access token without a claim RFC 9068 requires, or with exp of the wrong type', async () => {
      const cases: [string, string][] = [];
      for (const claim of ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti']) {
        cases.push([`a token without ${claim}`, await kit.validToken({ omitClaims: [claim] })]);
      }
      cases.push([
        'exp as a string',
        await kit.validToken({ claims: { exp: String(labClock().nowSeconds() + 600) } }),
      ]);
      for (const [label, token] of cases) {
        evidence({ token, clauses: ['RFC 9068 §2.2', 'RFC 7519 §7.2'], note: label });
        await refused(request('/orders', { token }), 401, label, 'invalid_token');
      }
      await forwarded(request('/orders', { token: await kit.validToken() }), 'a token with every claim');
    });

    it('forwards an access token until exp and refuses it beyond the 60 s tolerance', async () => {
      const token = await accessToken();
      const lifetime = server.config.lifetimes.accessToken;
      await labClock().advance(lifetime - 1);
      await forwarded(request('/orders', { token }), 'one second before exp');
      await labClock().advance(1 + MAX_LEEWAY + 1);
      evidence({
        token,
        clauses: ['RFC 7519 §4.1.4'],
        note: `the same token ${MAX_LEEWAY + 1} s past its exp`,
      });
      await refused(request('/orders', { token }), 401, `${MAX_LEEWAY + 1} s after exp`, 'invalid_token');
      await forwarded(request('/orders', { token: await accessToken() }), 'a fresh token');
    });

    it('answers 401 to an internal token presented from outside', async () => {
      const entry = await forwarded(request('/orders', { token: await accessToken() }));
      const internal = authorizationOf(entry);
      evidence({
        token: internal,
        clauses: INTERNAL_CLAUSES,
        note: 'an internal token replayed at the public gateway',
      });
      await refused(request('/orders', { token: internal }), 401, 'an internal token', 'invalid_token');
    });

    it('answers 503 and forwards nothing while the key set cannot be fetched', async () => {
      const genuine = await accessToken();
      const forged = await kit.validToken({
        key: await kit.attacker.key('ES256', server.keys.signingKey().kid),
      });
      evidence({
        token: forged,
        clauses: ['RFC 7519 §7.2', 'RFC 6750 §3.1'],
        note: 'JWKS answers 500, then is gone',
      });
      jwksAnswer = 'error';
      await refused(request('/orders', { token: genuine }), 503, 'a genuine token, JWKS answering 500');
      await refused(request('/orders', { token: forged }), 503, 'a forged token, JWKS answering 500');
      labNetwork().unregister(server.issuer);
      await refused(request('/orders', { token: genuine }), 503, 'a genuine token, JWKS host unreachable');
      labNetwork().register(server.issuer, (req) => server.fetch(req));
      await forwarded(request('/orders', { token: genuine }), 'a genuine token once the key set is back');
    });

    it('refuses and forwards nothing when the key set answer is not a key set', async () => {
      const genuine = await accessToken();
      const outcomes: string[] = [];
      for (const answer of ['malformed', 'html'] as const) {
        jwksAnswer = answer;
        const before = reached();
        const status = await statusOf(request('/orders', { token: genuine }));
        const refusedIt = status === 401 || status === 503;
        outcomes.push(
          `${answer}: ${refusedIt ? 'refused' : String(status)}, ${reached() - before} forwarded`,
        );
      }
      evidence({
        token: genuine,
        clauses: ['RFC 7517 §5', 'RFC 7519 §7.2'],
        note: 'JWKS answers {"keys":"rotating"}, then HTML',
      });
      expect(outcomes).toEqual(['malformed: refused, 0 forwarded', 'html: refused, 0 forwarded']);
    });
  });

  describe('routing', () => {
    it('answers 404 to paths that only resemble a route prefix and forwards nothing', async () => {
      const token = await accessToken();
      for (const path of [
        '/orders-admin',
        '/ordersexport',
        '/orders.json',
        '/Orders',
        '/%6Frders',
        '/order',
        '/',
        '/invoicesX',
      ]) {
        evidence({ token, clauses: ['RFC 3986 §6.2.1'], note: `path ${path}` });
        await refused(request(path, { token }), 404, path);
      }
      const entry = await forwarded(request('/orders/42', { token }), '/orders/42');
      expect(entry.url).toBe(`${ORDERS}/orders/42`);
      const body = await settle(async () => (await gateway(request('/orders-admin', { token }))).json());
      expect(body).toEqual({ accepted: true, value: { error: 'not_found' } });
    });

    it('passes Accept, Accept-Language and Content-Type on as the caller sent them', async () => {
      const negotiation = {
        accept: 'text/csv',
        'accept-language': 'de-CH',
        'content-type': 'application/json',
      };
      const entry = await forwarded(
        request('/orders', {
          token: await accessToken(),
          method: 'PUT',
          body: '{"item":"book"}',
          headers: negotiation,
        }),
      );
      expect(Object.fromEntries(entry.headers.filter(([name]) => name !== 'authorization'))).toEqual(
        negotiation,
      );
      const bare = await forwarded(
        request('/orders', { token: await accessToken() }),
        'a request with none of them',
      );
      expect(bare.headers.map(([name]) => name)).toEqual(['authorization']);
    });

    it("answers 502 when the route's service cannot be reached", async () => {
      const token = await accessToken();
      await expectStatus(() => gateway(request('/reports', { token })), 502);
      await forwarded(request('/orders', { token }), 'a route whose service is up');
    });

    it('forwards the same method, path, query and body to the route upstream', async () => {
      const token = await accessToken();
      for (const method of METHODS) {
        const body = method === 'GET' ? undefined : `{"item":"book-${method}"}`;
        const entry = await forwarded(
          request('/orders?status=open&page=2', {
            token,
            method,
            ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
          }),
          method,
        );
        expect({ method: entry.method, url: entry.url, body: entry.body }).toEqual({
          method,
          url: `${ORDERS}/orders?status=open&page=2`,
          body: body ?? '',
        });
      }
      const head = await settle(() => gateway(request('/orders?status=open', { token, method: 'HEAD' })));
      const lastHop = hops.of('orders').at(-1);
      expect({ answered: head.accepted, method: lastHop?.method, url: lastHop?.url }).toEqual({
        answered: true,
        method: 'HEAD',
        url: `${ORDERS}/orders?status=open`,
      });
      const billing = await forwarded(request('/invoices?year=2026', { token }), 'GET /invoices');
      expect({ service: billing.service, url: billing.url }).toEqual({
        service: 'billing',
        url: `${BILLING}/invoices?year=2026`,
      });
    });
  });

  describe('the internal token', () => {
    it('replaces the access token with an internal+jwt token', async () => {
      const token = await accessToken();
      const entry = await forwarded(request('/orders', { token }));
      expect(authorizationOf(entry) === token, 'the access token itself was forwarded').toBe(false);
      const header = internalHeader(entry);
      expect({
        typ: header['typ'],
        alg: header['alg'],
        kid: header['kid'],
        iss: entry.payload['iss'],
      }).toEqual({
        typ: 'internal+jwt',
        alg: gatewayKey.alg,
        kid: gatewayKey.kid,
        iss: GATEWAY,
      });
    });

    it('copies sub, client_id and scope from the verified access token, never from the request', async () => {
      const token = await accessToken({ sub: 'user-bob', scope: ['orders:read'], clientId: 'lab-client' });
      evidence({
        token,
        clauses: ['OWASP Microservices Security Cheat Sheet: identity propagation', 'RFC 9068 §2.2'],
        note: 'the caller also sends X-User, X-Scope and X-Client-Id headers and scope in the query',
      });
      const entry = await forwarded(
        request('/orders?scope=orders:admin&client_id=admin-console', {
          token,
          headers: { ...IDENTITY_HEADERS },
        }),
      );
      const { sub, client_id, scope } = entry.payload;
      expect({ sub, client_id, scope }).toEqual({
        sub: 'user-bob',
        client_id: 'lab-client',
        scope: 'orders:read',
      });
    });

    it('copies no other claim of the access token', async () => {
      const token = await kit.validToken({ claims: { ...EXTRA_CLAIMS } });
      evidence({
        token,
        clauses: ['OWASP Microservices Security Cheat Sheet: identity propagation'],
        note: `the access token also carries ${Object.keys(EXTRA_CLAIMS).join(', ')}`,
      });
      const entry = await forwarded(request('/orders', { token }));
      const copied = Object.keys(entry.payload).filter((name) => name in EXTRA_CLAIMS);
      expect(copied, 'claims of the access token copied into the internal token').toEqual([]);
    });

    it('lets the internal token live at most 60 seconds', async () => {
      const entry = await forwarded(request('/orders', { token: await accessToken() }));
      const now = labClock().nowSeconds();
      const { iat, exp } = entry.payload;
      expect({ iat: typeof iat, exp: typeof exp }).toEqual({ iat: 'number', exp: 'number' });
      expect(Number(exp) - now).toBeLessThanOrEqual(60);
      expect(Number(exp)).toBeGreaterThan(now);
      expect(Number(iat)).toBeLessThanOrEqual(now);
    });

    it('names only the target service in aud', async () => {
      const token = await accessToken();
      const orders = await forwarded(request('/orders', { token }), '/orders');
      const billing = await forwarded(request('/invoices', { token }), '/invoices');
      expect([[orders.payload['aud']].flat(), [billing.payload['aud']].flat()]).toEqual([
        [ORDERS],
        [BILLING],
      ]);
    });

    it('cannot be replayed to another service', async () => {
      const internal = authorizationOf(await forwarded(request('/orders', { token: await accessToken() })));
      evidence({
        token: internal,
        clauses: INTERNAL_CLAUSES,
        note: 'internal token for orders replayed to billing',
      });
      const replay = await fetch(`${BILLING}/invoices`, { headers: { authorization: `Bearer ${internal}` } });
      expect(replay.status).toBe(401);
      await forwarded(request('/invoices', { token: await accessToken() }), 'a request for billing');
    });

    it('gives every internal token its own jti', async () => {
      const token = await accessToken();
      const first = await forwarded(request('/orders', { token }), 'first request');
      const second = await forwarded(request('/orders', { token }), 'second request, same second');
      // A gateway created with the same options, as a restart or a second replica is: its jti must not repeat.
      const twin = createGateway(forLearner(gatewayOptions));
      const third = await forwarded(request('/orders', { token }), 'a second gateway, same second', twin);
      const jtis = [first, second, third].map((entry) => entry.payload['jti']);
      const distinct = new Set(jtis.filter((jti) => typeof jti === 'string')).size;
      expect(distinct, 'distinct string jti values among the three internal tokens').toBe(3);
    });

    it('draws jti from the CSPRNG: a predictable Math.random repeats no jti', async () => {
      // V8's Math.random (xorshift128+) gives its state away in a few outputs: fixed here, as an attacker who
      // recovered it sees it, ids drawn from it repeat; ids from crypto.getRandomValues or randomUUID do not.
      evidence({
        clauses: ['RFC 7519 §4.1.7'],
        note: "two internal tokens minted while the learner's Math.random answers 0.5",
      });
      labRandom().fix(0.5);
      const token = await accessToken();
      const first = await forwarded(request('/orders', { token }), 'first request');
      const second = await forwarded(request('/orders', { token }), 'second request');
      expect(
        first.payload['jti'] === second.payload['jti'] ? 'the same jti twice' : 'two jtis',
        'two internal tokens',
      ).toBe('two jtis');
    });
  });

  describe('identity', () => {
    it('takes the subject from the verified token, not from identity headers', async () => {
      evidence({
        clauses: ['OWASP Microservices Security Cheat Sheet: identity propagation'],
        note: 'caller sends X-User: user-admin and other identity headers',
      });
      const entry = await forwarded(
        request('/orders', { token: await accessToken(), headers: { ...IDENTITY_HEADERS } }),
      );
      expect(entry.payload['sub']).toBe('user-alice');
    });

    it("never forwards the caller's identity headers", async () => {
      evidence({
        clauses: ['OWASP Microservices Security Cheat Sheet: identity propagation'],
        note: `caller sends ${Object.keys(IDENTITY_HEADERS).join(', ')}`,
      });
      const entry = await forwarded(
        request('/orders', {
          token: await accessToken(),
          method: 'POST',
          body: '{"item":"book"}',
          headers: {
            ...IDENTITY_HEADERS,
            accept: 'application/json',
            'accept-language': 'en-GB',
            'content-type': 'application/json',
          },
        }),
      );
      const extra = entry.headers.map(([name]) => name).filter((name) => !FORWARDABLE.includes(name));
      expect(extra).toEqual([]);
    });

    it("never forwards the caller's access token", async () => {
      const token = await accessToken();
      const signature = token.split('.')[2] ?? token;
      evidence({ token, clauses: INTERNAL_CLAUSES, note: 'the access token must stop at the gateway' });
      const entry = await forwarded(request('/orders?page=1', { token }));
      const carriers = [
        ...entry.headers.map(([name, value]) => [`header ${name}`, value]),
        ['url', entry.url],
        ['body', entry.body],
      ].filter(([, value]) => (value ?? '').includes(signature));
      expect(carriers.map(([where]) => where)).toEqual([]);
    });

    it('reads a token with duplicate sub members as the services do', async () => {
      const duplicate = await kit.attackVariant('A21', 'duplicate-sub');
      const before = received.length;
      const status = await statusOf(request('/orders', { token: duplicate.token }));
      const subject = received.length > before ? received.at(-1)?.payload['sub'] : undefined;
      // jose keeps the last member, as every JSON.parse-based hop behind the gateway does: refusing is fine too.
      const verdict =
        status === 401
          ? 'refused'
          : status === 200 && subject === 'admin'
            ? 'read as the services read it'
            : `${String(status)} with sub ${String(subject)}`;
      expect(['refused', 'read as the services read it']).toContain(verdict);
    });

    it("forwards each of two concurrent requests with its own caller's identity", async () => {
      const [alice, bob] = await Promise.all([accessToken(), accessToken({ sub: 'user-bob' })]);
      evidence({
        token: bob,
        clauses: ['OWASP Microservices Security Cheat Sheet: identity propagation'],
        note: "two concurrent POSTs: Bob's request runs while the gateway reads Alice's body",
      });
      const post = (token: string, from: string, body?: ReadableStream<Uint8Array>): Request =>
        new Request(`${GATEWAY}/orders`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: body ?? `{"from":"${from}"}`,
          ...(body === undefined ? {} : { duplex: 'half' }),
        } as RequestInit);
      let startBob = (): void => undefined;
      const bobStarts = new Promise<void>((resolve) => {
        startBob = resolve;
      });
      const bobOutcome = bobStarts.then(() => settle(() => gateway(post(bob, 'bob'))));
      // Alice's body arrives only once Bob's request is done, or once nothing but this held read is happening (code
      // that waits for Alice first, as a lock does): whatever the gateway holds for Alice while it reads her body,
      // Bob's request meets it.
      const aliceBody = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            startBob();
            await Promise.race([bobOutcome, untilIdle({ holding: 1 })]);
            controller.enqueue(new TextEncoder().encode('{"from":"alice"}'));
            controller.close();
          },
        },
        { highWaterMark: 0 },
      );
      const aliceOutcome = settle(() => gateway(post(alice, 'alice', aliceBody)));
      void aliceOutcome.then(startBob);
      await Promise.all([aliceOutcome, bobOutcome]);
      const subjectOf = (from: string): string =>
        String(received.find((entry) => entry.body === `{"from":"${from}"}`)?.payload['sub'] ?? 'no request');
      expect(subjectOf('alice'), "the subject Alice's request reached the service with").toBe('user-alice');
      expect(subjectOf('bob'), "the subject Bob's request reached the service with").toBe('user-bob');
    });

    it('refuses a request with two Authorization header lines, forwarding nothing', async () => {
      const alice = await accessToken();
      const admin = await accessToken({ sub: 'user-admin' });
      const headers = new Headers();
      headers.append('authorization', `Bearer ${alice}`);
      headers.append('authorization', `Bearer ${admin}`);
      evidence({
        token: admin,
        clauses: ['RFC 9110 §5.3', 'RFC 6750 §2'],
        note: 'two Authorization lines, two users',
      });
      const before = reached();
      const status = await statusOf(new Request(`${GATEWAY}/orders`, { headers }));
      expect({ refused: status === 400 || status === 401, forwarded: reached() - before }).toEqual({
        refused: true,
        forwarded: 0,
      });
    });
  });

  describe('legitimate traffic', () => {
    it('forwards genuine requests after attacks and mixed among them in a shuffled order', async () => {
      const internal = authorizationOf(await forwarded(request('/orders', { token: await accessToken() })));
      const cases: [string, Request, number][] = [
        ['alice at orders', request('/orders', { token: await accessToken() }), 200],
        ['bob at billing', request('/invoices', { token: await accessToken({ sub: 'user-bob' }) }), 200],
        [
          'carol at orders/42',
          request('/orders/42', { token: await accessToken({ sub: 'user-carol' }) }),
          200,
        ],
        [
          'forged',
          request('/orders', {
            token: await kit.validToken({
              key: await kit.attacker.key('ES256', server.keys.signingKey().kid),
            }),
          }),
          401,
        ],
        [
          'another API',
          request('/orders', { token: await accessToken({ audience: 'https://other.example.test' }) }),
          401,
        ],
        ['ID token', request('/invoices', { token: await kit.validToken({ header: { typ: 'JWT' } }) }), 401],
        ['internal token', request('/orders', { token: internal }), 401],
        ['alice again', request('/invoices', { token: await accessToken() }), 200],
      ];
      const wrong: string[] = [];
      for (const [label, req, expected] of shuffle(cases, SHUFFLE_SEED)) {
        const status = await statusOf(req);
        if (status !== expected) wrong.push(`${label}: ${String(status)} instead of ${expected}`);
      }
      evidence({
        clauses: ['RFC 7519 §7.2'],
        note: `genuine and attack requests shuffled with seed ${SHUFFLE_SEED}${wrong.length ? `; wrong: ${wrong.join('; ')}` : ''}`,
      });
      expect(wrong, `shuffle seed ${SHUFFLE_SEED}`).toEqual([]);
    });
  });
});
