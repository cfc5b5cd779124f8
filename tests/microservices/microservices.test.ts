import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  attackerHost,
  createNaiveVerifier,
  createTokenServer,
  disposeRunContext,
  labAttacker,
  labMicroservices,
  labNaiveVerifier,
  labReferenceVerifier,
  labNetwork,
  resetRunContext,
  trustedHeaderPolicy,
  verifierPolicyOf,
} from '../../src/check-api';

beforeEach(() => resetRunContext());
afterEach(() => disposeRunContext());

const get = (url: string, token?: string) =>
  fetch(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

async function setup(forward: 'internal-token' | 'access-token' = 'internal-token') {
  const server = await createTokenServer();
  const mesh = await labMicroservices(server, { forward });
  return { server, mesh };
}

describe('labMicroservices (internal tokens)', () => {
  it('passes a valid token through the gateway to the service, which sees a 60 s internal token', async () => {
    const { server, mesh } = await setup();
    const { token } = await server.issueAccessToken({ sub: 'user-alice', scope: ['orders:read'] });
    const response = await get(mesh.url('/orders'), token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ service: 'orders', sub: 'user-alice' });

    const [gatewayHop, ordersHop] = mesh.hops.entries;
    expect(gatewayHop).toMatchObject({
      hop: 'gateway',
      decision: 'allowed',
      status: 200,
      token,
      principal: 'user-alice',
      forwardedTo: 'https://orders.example.test/orders',
    });
    expect(ordersHop).toMatchObject({ hop: 'orders', decision: 'allowed', principal: 'user-alice' });
    const internal = ordersHop!.token!;
    expect(decodeProtectedHeader(internal).typ).toBe('internal+jwt');
    const claims = decodeJwt(internal);
    expect(claims).toMatchObject({ iss: 'https://gateway.example.test', aud: 'https://orders.example.test' });
    expect(claims.exp! - claims.iat!).toBe(60);
  });

  it('lets the service answer 403 insufficient_scope for a token without its scope', async () => {
    const { server, mesh } = await setup();
    const { token } = await server.issueAccessToken({ scope: ['billing:read'] });
    const response = await get(mesh.url('/orders'), token);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(mesh.hops.entries.map((e) => `${e.hop}:${e.decision}`)).toEqual([
      'gateway:allowed',
      'orders:insufficient_scope',
    ]);
  });

  it('rejects an external access token sent straight to a service, whose keys it does not trust (gateway bypass)', async () => {
    const { server, mesh } = await setup();
    const { token } = await server.issueAccessToken({ scope: ['orders:read'] });
    const response = await get('https://orders.example.test/orders', token);
    expect(response.status).toBe(401);
    expect(mesh.hops.of('orders')[0]).toMatchObject({
      decision: 'invalid_token',
      error: 'ERR_JWKS_NO_MATCHING_KEY',
    });
  });

  it('rejects an internal token presented at the gateway (it is not an access token)', async () => {
    const { server, mesh } = await setup();
    const { token } = await server.issueAccessToken({ scope: ['orders:read'] });
    await get(mesh.url('/orders'), token);
    const internal = mesh.hops.of('orders')[0]!.token!;
    expect((await get(mesh.url('/orders'), internal)).status).toBe(401);
  });

  it('rejects every hostile token at the gateway, and the attacker host sees no request', async () => {
    const { server, mesh } = await setup();
    const attacker = labAttacker(server);
    for (const id of [
      'A1',
      'A2',
      'A3',
      'A5',
      'A7',
      'A8',
      'A9',
      'A10',
      'A12',
      'A13',
      'A14',
      'A16',
      'A17',
    ] as const) {
      for (const t of await attacker.mint(id)) {
        const response = await get(mesh.url('/orders'), t.token);
        expect({ id, variant: t.variant, status: response.status }).toEqual({
          id,
          variant: t.variant,
          status: 401,
        });
      }
    }
    expect(mesh.hops.of('orders')).toEqual([]);
    expect(attackerHost().hits()).toBe(0);
  });

  it('fails closed with 503 when the authorization server JWKS is down', async () => {
    const { server, mesh } = await setup();
    const { token } = await server.issueAccessToken({ scope: ['orders:read'] });
    server.close();
    labNetwork().register(server.issuer, () => new Response('down', { status: 500 }));
    const response = await get(mesh.url('/orders'), token);
    expect(response.status).toBe(503);
    expect(mesh.hops.entries[0]).toMatchObject({
      hop: 'gateway',
      decision: 'unavailable',
      error: 'ERR_JOSE_GENERIC',
    });
  });

  it("shows a naive gateway's flaw hop by hop: it forwards a forged identity the service cannot detect", async () => {
    const { server, mesh } = await setup();
    const attacker = labAttacker(server, {
      claims: { sub: 'user-alice', client_id: 'lab-client', scope: 'orders:read' },
    });
    const naive = createNaiveVerifier('decode-only', verifierPolicyOf(attacker.target));
    mesh.gateway.setPolicy((token) => naive.verify(token));
    const { token } = await attacker.mintVariant('A1', 'tampered-payload');
    const response = await get(mesh.url('/orders'), token);
    expect(response.status).toBe(200);
    expect(mesh.hops.entries.map((e) => `${e.hop}:${e.decision}:${e.principal}`)).toEqual([
      'gateway:allowed:admin',
      'orders:allowed:admin',
    ]);
  });
});

describe('labMicroservices (access tokens passed through)', () => {
  it('serves a token whose aud names both the API and the service', async () => {
    const { server, mesh } = await setup('access-token');
    const { token } = await server.issueAccessToken({
      scope: ['billing:read'],
      audience: [server.audience, 'https://billing.example.test'],
    });
    expect((await get(mesh.url('/invoices'), token)).status).toBe(200);
    expect(mesh.hops.of('billing')[0]?.token).toBe(token);
  });

  it('lets each service enforce its own audience behind the gateway', async () => {
    const { server, mesh } = await setup('access-token');
    const { token } = await server.issueAccessToken({
      scope: ['billing:read', 'orders:read'],
      audience: [server.audience, 'https://orders.example.test'],
    });
    const response = await get(mesh.url('/invoices'), token);
    expect(response.status).toBe(401);
    expect(mesh.hops.entries.map((e) => `${e.hop}:${e.decision}`)).toEqual([
      'gateway:allowed',
      'billing:invalid_token',
    ]);
  });

  it('catches at the service the forged token a naive gateway let through (defense in depth)', async () => {
    const { server, mesh } = await setup('access-token');
    const attacker = labAttacker(server, {
      claims: { sub: 'user-alice', client_id: 'lab-client', scope: 'orders:read' },
    });
    mesh.gateway.setPolicy((token) =>
      createNaiveVerifier('decode-only', verifierPolicyOf(attacker.target)).verify(token),
    );
    const { token } = await attacker.mintVariant('A1', 'tampered-payload');
    expect((await get(mesh.url('/orders'), token)).status).toBe(401);
    expect(mesh.hops.entries.map((e) => `${e.hop}:${e.decision}`)).toEqual([
      'gateway:allowed',
      'orders:invalid_token',
    ]);
  });

  it('breaks then fixes a service: a naive verifier without audience accepts a billing token, the reference does not', async () => {
    const { server, mesh } = await setup('access-token');
    const orders = mesh.services.get('orders')!;
    const ordersPolicy = { audience: 'https://orders.example.test' };
    const { token } = await server.issueAccessToken({
      scope: ['orders:read'],
      audience: [server.audience, 'https://billing.example.test'],
    });
    orders.setPolicy((t) => labNaiveVerifier(server, 'ignores-audience', ordersPolicy).verify(t));
    expect((await get(mesh.url('/orders'), token)).status).toBe(200);
    orders.setPolicy(labReferenceVerifier(server, ordersPolicy));
    expect((await get(mesh.url('/orders'), token)).status).toBe(401);
    expect(mesh.hops.of('orders').map((e) => e.decision)).toEqual(['allowed', 'invalid_token']);
    expect(mesh.hops.of('orders')[1]?.error).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
  });

  it('refuses to forward (401) when the gateway policy verifies a token without a subject', async () => {
    const { mesh } = await setup();
    mesh.gateway.setPolicy(() => ({ scope: 'orders:read' }));
    const response = await get(mesh.url('/orders'), 'a.b.c');
    expect(response.status).toBe(401);
    expect(mesh.hops.entries).toEqual([
      expect.objectContaining({ hop: 'gateway', decision: 'invalid_token', error: 'ERR_HOP_NO_SUBJECT' }),
    ]);
  });

  it('shows the header-trusting service flaw: a direct call names any user, the token check stops it', async () => {
    const { server, mesh } = await setup();
    const orders = mesh.services.get('orders')!;
    orders.setPolicy(trustedHeaderPolicy());
    const direct = () =>
      fetch('https://orders.example.test/orders', {
        headers: {
          authorization: 'Bearer anything',
          'x-authenticated-user': 'admin',
          'x-authenticated-scope': 'orders:read',
        },
      });
    const broken = await direct();
    expect(broken.status).toBe(200);
    expect(await broken.json()).toMatchObject({ sub: 'admin' });
    orders.setPolicy(labReferenceVerifier(server, { audience: 'https://orders.example.test' }));
    expect((await direct()).status).toBe(401);
  });
});
