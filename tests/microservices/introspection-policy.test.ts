import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_CLIENTS,
  createTokenServer,
  disposeRunContext,
  introspectionPolicy,
  labMicroservices,
  resetRunContext,
} from '../../src/check-api';

beforeEach(() => resetRunContext());
afterEach(() => disposeRunContext());

const ORDERS = 'https://orders.example.test';
const BILLING = 'https://billing.example.test';

const get = (url: string, token: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });

async function setup() {
  const server = await createTokenServer({
    clients: [
      ...DEFAULT_CLIENTS,
      { id: 'orders-service', secret: 'orders-secret', grantTypes: [], audience: ORDERS },
    ],
  });
  const mesh = await labMicroservices(server, { forward: 'access-token' });
  mesh.services.get('orders')!.setPolicy(
    introspectionPolicy({
      endpoint: server.endpoints.introspect,
      clientId: 'orders-service',
      clientSecret: 'orders-secret',
    }),
  );
  const { token } = await server.issueAccessToken({
    scope: ['orders:read', 'billing:read'],
    audience: [server.audience, ORDERS, BILLING],
  });
  return { server, mesh, token };
}

async function revoke(server: Awaited<ReturnType<typeof createTokenServer>>, token: string): Promise<void> {
  const response = await fetch(server.endpoints.revoke, {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa('lab-client:lab-client-secret')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }).toString(),
  });
  expect(response.status).toBe(200);
}

describe('introspectionPolicy', () => {
  it('accepts an active token meant for the service, with the claims the server reports', async () => {
    const { mesh, token } = await setup();
    const response = await get(mesh.url('/orders'), token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      service: 'orders',
      sub: 'user-alice',
      client_id: 'lab-client',
    });
  });

  it('rejects a revoked token at once, while an offline (JWKS) service still accepts it until exp', async () => {
    const { server, mesh, token } = await setup();
    await revoke(server, token);
    expect((await get(mesh.url('/orders'), token)).status).toBe(401);
    expect(mesh.hops.of('orders')[0]).toMatchObject({
      decision: 'invalid_token',
      error: 'ERR_HOP_TOKEN_INACTIVE',
    });
    expect((await get(mesh.url('/invoices'), token)).status).toBe(200);
  });

  it('rejects an active token whose aud does not name the service', async () => {
    const { server, mesh } = await setup();
    const { token } = await server.issueAccessToken({
      scope: ['orders:read'],
      audience: [server.audience, BILLING],
    });
    expect((await get(mesh.url('/orders'), token)).status).toBe(401);
  });

  it('fails closed with 503 when the introspection endpoint is unreachable', async () => {
    const { server, mesh, token } = await setup();
    server.close();
    const response = await get(`${ORDERS}/orders`, token);
    expect(response.status).toBe(503);
    expect(mesh.hops.of('orders')[0]).toMatchObject({
      decision: 'unavailable',
      error: 'ERR_HOP_INTROSPECTION_UNAVAILABLE',
    });
  });
});
