import { beforeEach, describe, expect, it } from 'vitest';
import {
  createIntrospectionClient,
  type Authorize,
  type IntrospectionClientOptions,
  type Verdict,
} from '@lab/submission';
import {
  createSimulatedNetwork,
  createTokenServer,
  evidence,
  labClock,
  labNetwork,
  LabNetworkError,
  type TokenServer,
} from '@lab/server';

const TTL = 60;
const RESOURCE_SERVER = { clientId: 'resource-server', clientSecret: 'resource-server-secret' };
const PROXY = 'https://introspection-proxy.example.test';

let server: TokenServer;
/** What the proxy in front of the introspection endpoint does: forward, answer 500, or answer `body`. */
let proxyMode: { kind: 'forward' } | { kind: 'fail' } | { kind: 'answer'; body: unknown };

function options(overrides: Partial<IntrospectionClientOptions> = {}): IntrospectionClientOptions {
  return {
    introspectionEndpoint: server.endpoints.introspect,
    ...RESOURCE_SERVER,
    audience: server.audience,
    cacheTtlSeconds: TTL,
    ...overrides,
  };
}

function introspectionCalls(endpoint: string): number {
  return labNetwork().log.entries.filter((entry) => entry.url === endpoint).length;
}

async function accessToken(expiresIn?: number): Promise<string> {
  const issued = await server.issueAccessToken({
    sub: 'user-alice',
    scope: ['read'],
    ...(expiresIn !== undefined ? { expiresIn } : {}),
  });
  return issued.token;
}

/** RFC 7009 revocation by the client the token was issued to. */
async function revoke(token: string): Promise<void> {
  const response = await fetch(server.endpoints.revoke, {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa('lab-client:lab-client-secret')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
  });
  expect(response.status).toBe(200);
}

/**
 * What `authorize` decided, or that it threw instead of deciding. A throw is reported without the engine's own
 * error text (which differs between browsers and Node); the simulated network's failures keep their stable code.
 */
async function verdictOf(authorize: Authorize, token: string): Promise<Verdict | { threw: string }> {
  try {
    return await authorize(token);
  } catch (error) {
    return { threw: error instanceof LabNetworkError ? error.code : 'an error' };
  }
}

beforeEach(async () => {
  server = await createTokenServer();
  proxyMode = { kind: 'forward' };
  labNetwork().register(PROXY, async (request) => {
    if (proxyMode.kind === 'fail') return new Response('upstream unavailable', { status: 500 });
    if (proxyMode.kind === 'answer') return Response.json(proxyMode.body);
    return server.fetch(server.endpoints.introspect, {
      method: request.method,
      headers: request.headers,
      body: await request.text(),
    });
  });
});

describe('createIntrospectionClient', () => {
  describe('asking the authorization server', () => {
    it('accepts an active token and returns its subject', async () => {
      const authorize = createIntrospectionClient(options());
      expect(await verdictOf(authorize, await accessToken())).toMatchObject({
        status: 200,
        sub: 'user-alice',
      });
    });

    it('rejects a token the server reports inactive', async () => {
      const foreign = await createTokenServer({ network: createSimulatedNetwork() });
      const unknown = (await foreign.issueAccessToken({ sub: 'user-alice' })).token;
      const authorize = createIntrospectionClient(options());
      evidence({
        token: unknown,
        clauses: ['RFC 7662 §2.2'],
        note: 'a token this authorization server never issued',
      });
      expect(await verdictOf(authorize, unknown)).toMatchObject({ status: 401 });
      expect(await verdictOf(authorize, await accessToken())).toMatchObject({ status: 200 });
    });

    it('rejects a revoked token', async () => {
      const stolen = await accessToken();
      await revoke(stolen);
      const authorize = createIntrospectionClient(options());
      evidence({
        token: stolen,
        clauses: ['RFC 7009 §2.1', 'RFC 7662 §2.2'],
        note: 'revoked before first use',
      });
      expect(await verdictOf(authorize, stolen)).toMatchObject({ status: 401 });
      expect(await verdictOf(authorize, await accessToken())).toMatchObject({ status: 200 });
    });

    it('rejects an active token issued for another audience', async () => {
      const token = await accessToken();
      const now = labClock().nowSeconds();
      const authorize = createIntrospectionClient(options({ introspectionEndpoint: PROXY }));
      proxyMode = {
        kind: 'answer',
        body: {
          active: true,
          sub: 'user-alice',
          scope: 'read',
          aud: 'https://billing.example.test',
          exp: now + 600,
        },
      };
      evidence({
        token,
        clauses: ['RFC 9068 §4', 'RFC 7662 §4'],
        note: 'active, but for https://billing.example.test',
      });
      expect(await verdictOf(authorize, token)).toMatchObject({ status: 401 });
      proxyMode = {
        kind: 'answer',
        body: { active: true, sub: 'user-alice', scope: 'read', aud: [server.audience], exp: now + 600 },
      };
      expect(await verdictOf(authorize, await accessToken())).toMatchObject({
        status: 200,
        sub: 'user-alice',
      });
    });

    it('rejects a 200 answer that does not say active: true', async () => {
      const now = labClock().nowSeconds();
      const authorize = createIntrospectionClient(options({ introspectionEndpoint: PROXY }));
      proxyMode = {
        kind: 'answer',
        body: { sub: 'user-alice', scope: 'read', aud: server.audience, exp: now + 600 },
      };
      evidence({ clauses: ['RFC 7662 §2.2'], note: 'a 200 answer without the required boolean active' });
      const verdict = await verdictOf(authorize, await accessToken());
      expect([401, 503]).toContain('status' in verdict ? verdict.status : verdict.threw);
    });
  });

  describe('caching', () => {
    it('answers a repeated token from its cache within the TTL', async () => {
      const token = await accessToken();
      const authorize = createIntrospectionClient(options());
      expect(await verdictOf(authorize, token)).toMatchObject({ status: 200 });
      await labClock().advance(TTL / 2);
      expect(await verdictOf(authorize, token)).toMatchObject({ status: 200 });
      expect(introspectionCalls(server.endpoints.introspect)).toBe(1);
    });

    it('stops accepting a token at its exp even when the TTL is longer', async () => {
      const token = await accessToken(30);
      const authorize = createIntrospectionClient(options({ cacheTtlSeconds: 300 }));
      expect(await verdictOf(authorize, token)).toMatchObject({ status: 200 });
      await labClock().advance(31);
      evidence({ token, clauses: ['RFC 7662 §4'], note: 'cached as active, then used after its exp' });
      expect(await verdictOf(authorize, token)).toMatchObject({ status: 401 });
    });

    it('sees a revocation once the TTL has passed', async () => {
      const stolen = await accessToken();
      const authorize = createIntrospectionClient(options());
      expect(await verdictOf(authorize, stolen)).toMatchObject({ status: 200 });
      await revoke(stolen);
      await labClock().advance(TTL + 1);
      evidence({
        token: stolen,
        clauses: ['RFC 7662 §4', 'RFC 7009 §2.1'],
        note: 'revoked while cached as active',
      });
      expect(await verdictOf(authorize, stolen)).toMatchObject({ status: 401 });
    });
  });

  describe('outages', () => {
    it('fails closed with 503 when the introspection endpoint answers 500', async () => {
      const authorize = createIntrospectionClient(options({ introspectionEndpoint: PROXY }));
      proxyMode = { kind: 'fail' };
      expect(await verdictOf(authorize, await accessToken())).toMatchObject({ status: 503 });
      proxyMode = { kind: 'forward' };
      expect(await verdictOf(authorize, await accessToken())).toMatchObject({ status: 200 });
    });

    it('fails closed with 503 when the authorization server is unreachable', async () => {
      const authorize = createIntrospectionClient(
        options({ introspectionEndpoint: 'https://unreachable.example.test/introspect' }),
      );
      expect(await verdictOf(authorize, await accessToken())).toMatchObject({ status: 503 });
    });

    it("fails closed with 503 when the server refuses the resource server's credentials", async () => {
      const authorize = createIntrospectionClient(options({ clientSecret: 'not-the-secret' }));
      expect(await verdictOf(authorize, await accessToken())).toMatchObject({ status: 503 });
    });

    it('does not serve a stale cached answer after the TTL during an outage', async () => {
      const stolen = await accessToken();
      const authorize = createIntrospectionClient(options({ introspectionEndpoint: PROXY }));
      expect(await verdictOf(authorize, stolen)).toMatchObject({ status: 200 });
      await revoke(stolen);
      proxyMode = { kind: 'fail' };
      await labClock().advance(TTL + 1);
      evidence({
        token: stolen,
        clauses: ['RFC 7662 §4'],
        note: 'revoked, cache expired, authorization server down',
      });
      expect(await verdictOf(authorize, stolen)).toMatchObject({ status: 503 });
    });
  });
});
