import { beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from '@lab/submission';
import {
  createHopLog,
  createResourceService,
  createTokenServer,
  evidence,
  forLearner,
  joseVerificationPolicy,
  labAttacker,
  labClock,
  labNetwork,
  loadSimulationKey,
  type HopEntry,
  type HopLog,
  type LabAttacker,
  type RouteContext,
  type TokenServer,
} from '@lab/server';

const GATEWAY = 'https://gateway.example.test';
const GATEWAY_KEYS = 'https://gateway-keys.example.test/jwks.json';
const ORDERS = 'https://orders.example.test';
const BILLING = 'https://billing.example.test';
const IDENTITY_HEADERS = ['x-user', 'x-user-id', 'x-forwarded-user'];
const INTERNAL_CLAUSES = ['OWASP Microservices Security Cheat Sheet: identity propagation', 'RFC 8725 §3.12'];

let server: TokenServer;
let hops: HopLog;
let attacker: LabAttacker;

/** What a service answers: who it believes is calling, and which identity headers reached it. */
function echo({ payload, request, service }: RouteContext): unknown {
  return {
    service,
    sub: payload.sub,
    identityHeaders: IDENTITY_HEADERS.filter((h) => request.headers.has(h)),
  };
}

async function accessToken(options: { audience?: string; scope?: string[] } = {}): Promise<string> {
  const issued = await server.issueAccessToken({
    sub: 'user-alice',
    scope: options.scope ?? ['orders:read', 'billing:read'],
    audience: options.audience ?? server.audience,
  });
  return issued.token;
}

async function call(path: string, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${GATEWAY}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
}

/** The last request the service `name` saw. */
function lastHop(name: string): HopEntry {
  const entry = hops.of(name).at(-1);
  if (!entry) throw new Error(`the gateway forwarded nothing to ${name}`);
  return entry;
}

beforeEach(async () => {
  server = await createTokenServer();
  attacker = labAttacker(server);
  hops = createHopLog();
  const gatewayKey = await loadSimulationKey('Ed25519');
  labNetwork().register(new URL(GATEWAY_KEYS).origin, async () =>
    Response.json({ keys: [gatewayKey.publicJwk] }),
  );
  for (const [name, origin, path, scope] of [
    ['orders', ORDERS, '/orders', 'orders:read'],
    ['billing', BILLING, '/invoices', 'billing:read'],
  ] as const) {
    createResourceService({
      name,
      origin,
      routes: [{ method: 'GET', path, scopes: [scope], respond: echo }],
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
  // A frozen copy: the key record is the simulation's shared one, which learner code must not rewrite.
  const gateway = createGateway(
    forLearner({
      issuer: server.issuer,
      jwksUri: server.endpoints.jwks,
      audience: server.audience,
      internalIssuer: GATEWAY,
      signingKey: gatewayKey,
      routes: [
        { prefix: '/orders', upstream: ORDERS, audience: ORDERS },
        { prefix: '/invoices', upstream: BILLING, audience: BILLING },
      ],
    }),
  );
  labNetwork().register(GATEWAY, (request) => gateway(request));
});

describe('createGateway', () => {
  describe('at the edge', () => {
    it('forwards a request with a valid access token to its service', async () => {
      const response = await call('/orders', await accessToken());
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ service: 'orders', sub: 'user-alice' });
    });

    it('answers 401 without forwarding when the access token is forged', async () => {
      const forged = await attacker.validToken({
        key: await attacker.attacker.key('ES256'),
        header: { kid: server.keys.signingKey().kid },
        claims: { sub: 'user-alice', scope: 'orders:read' },
      });
      evidence({
        token: forged,
        clauses: ['RFC 7515 §5.2', 'OWASP ASVS 5.0 §9.1.1'],
        note: "attacker's key under the issuer's kid",
      });
      expect((await call('/orders', forged)).status).toBe(401);
      expect(hops.of('orders')).toHaveLength(0);
      expect((await call('/orders', await accessToken())).status).toBe(200);
    });

    it('answers 401 to an access token issued for another API', async () => {
      const elsewhere = await accessToken({ audience: 'https://other-api.example.test' });
      evidence({
        token: elsewhere,
        clauses: ['RFC 8725 §3.9', 'RFC 9700 §2.3'],
        note: 'valid token for another API',
      });
      expect((await call('/orders', elsewhere)).status).toBe(401);
      expect(hops.of('orders')).toHaveLength(0);
    });

    it('answers 401 to an ID token and to an expired access token', async () => {
      const expired = await accessToken();
      await labClock().advance(server.config.lifetimes.accessToken + 120);
      const idToken = await attacker.validToken({ header: { typ: 'JWT' }, claims: { scope: 'orders:read' } });
      evidence({
        token: idToken,
        clauses: ['RFC 8725 §3.11', 'RFC 9068 §2.1'],
        note: 'issuer-signed ID token (typ JWT) at the gateway',
      });
      evidence({
        token: expired,
        clauses: ['RFC 7519 §4.1.4'],
        note: 'access token two minutes past its exp',
      });
      expect((await call('/orders', idToken)).status).toBe(401);
      expect((await call('/orders', expired)).status).toBe(401);
      expect(hops.of('orders')).toHaveLength(0);
      expect((await call('/orders', await accessToken())).status).toBe(200);
    });

    it('answers 401 to an internal token presented from outside', async () => {
      expect((await call('/orders', await accessToken())).status).toBe(200);
      const internal = lastHop('orders').token as string;
      evidence({
        token: internal,
        clauses: INTERNAL_CLAUSES,
        note: 'an internal token replayed at the public gateway',
      });
      expect((await call('/orders', internal)).status).toBe(401);
      expect(hops.of('orders')).toHaveLength(1);
    });
  });

  describe('the internal token', () => {
    it('replaces the access token with an internal+jwt token', async () => {
      const token = await accessToken();
      expect((await call('/orders', token)).status).toBe(200);
      const hop = lastHop('orders');
      expect(hop.token === token).toBe(false);
      expect(hop.decoded?.header['typ']).toBe('internal+jwt');
      expect(hop.decoded?.payload['iss']).toBe(GATEWAY);
    });

    it('lets the internal token live at most 60 seconds', async () => {
      expect((await call('/orders', await accessToken())).status).toBe(200);
      const payload = lastHop('orders').decoded?.payload ?? {};
      expect(typeof payload['exp']).toBe('number');
      expect(Number(payload['exp']) - labClock().nowSeconds()).toBeLessThanOrEqual(60);
    });

    it('names only the target service in aud', async () => {
      expect((await call('/orders', await accessToken())).status).toBe(200);
      const aud = lastHop('orders').decoded?.payload['aud'];
      expect([aud].flat()).toEqual([ORDERS]);
    });

    it('cannot be replayed to another service', async () => {
      expect((await call('/orders', await accessToken())).status).toBe(200);
      const internal = lastHop('orders').token as string;
      evidence({
        token: internal,
        clauses: INTERNAL_CLAUSES,
        note: 'internal token for orders replayed to billing',
      });
      const replay = await fetch(`${BILLING}/invoices`, { headers: { authorization: `Bearer ${internal}` } });
      expect(replay.status).toBe(401);
      expect((await call('/invoices', await accessToken())).status).toBe(200);
    });
  });

  describe('identity', () => {
    it('takes the subject from the verified token, not from identity headers', async () => {
      const headers = Object.fromEntries(IDENTITY_HEADERS.map((h) => [h, 'user-admin']));
      evidence({
        clauses: ['OWASP Microservices Security Cheat Sheet: identity propagation'],
        note: 'caller sends X-User: user-admin',
      });
      const response = await call('/orders', await accessToken(), headers);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ sub: 'user-alice' });
      expect(lastHop('orders').principal).toBe('user-alice');
    });

    it("never forwards the caller's identity headers", async () => {
      const headers = Object.fromEntries(IDENTITY_HEADERS.map((h) => [h, 'user-admin']));
      const response = await call('/orders', await accessToken(), headers);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ identityHeaders: [] });
    });

    it('reads a token with duplicate sub members as the services do', async () => {
      const duplicate = await labAttacker(server, {
        claims: { client_id: 'lab-client', scope: 'orders:read' },
      }).attackVariant('A21', 'duplicate-sub');
      const response = await call('/orders', duplicate.token);
      if (response.status === 401) return;
      expect(response.status).toBe(200);
      // jose keeps the last member, as every JSON.parse-based hop behind the gateway would.
      expect(lastHop('orders').principal).toBe('admin');
    });
  });
});
