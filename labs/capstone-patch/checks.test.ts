import { beforeEach, describe, expect, it } from 'vitest';
import { createLegacyOrdersVerifier } from '@lab/submission';
import {
  createResourceService,
  createTokenServer,
  labAttacker,
  labNetwork,
  recordAttack,
  type AttackToken,
  type LabAttacker,
  type TokenServer,
} from '@lab/server';

const ORDERS = 'https://orders.example.test';
const ADMIN_ROUTE = '/admin/orders';

let as: TokenServer;
let kit: LabAttacker;

async function call(token: string, path = ADMIN_ROUTE): Promise<{ status: number; sub: unknown }> {
  const response = await fetch(`${ORDERS}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json().catch(() => ({}))) as { sub?: unknown };
  return { status: response.status, sub: response.status === 200 ? body.sub : undefined };
}

/** The positive control: a genuine admin token still gets the report. */
async function expectAdminServed(): Promise<void> {
  const { token } = await as.issueAccessToken({
    sub: 'user-olivia',
    audience: ORDERS,
    scope: ['orders:admin'],
  });
  expect(await call(token), 'a genuine admin token').toEqual({ status: 200, sub: 'user-olivia' });
}

/**
 * Presents each token to `GET /orders` (the forged tokens all claim orders:read) and returns the variants that
 * got past verification: anything but 401 means the service believed the token.
 */
async function servedVariants(tokens: readonly AttackToken[]): Promise<string[]> {
  expect(tokens.length).toBeGreaterThan(0);
  const served: string[] = [];
  for (const token of tokens) {
    recordAttack(token);
    const { status } = await call(token.token, '/orders');
    if (status !== 401) served.push(`${token.attack} ${token.variant}: ${status}`);
  }
  return served;
}

beforeEach(async () => {
  as = await createTokenServer({ audience: ORDERS });
  kit = labAttacker(as, {
    audience: ORDERS,
    claims: { sub: 'admin', client_id: 'lab-client', scope: 'orders:admin' },
  });
  const verify = createLegacyOrdersVerifier({
    issuer: as.issuer,
    audience: ORDERS,
    jwksUri: as.endpoints.jwks,
  });
  createResourceService({
    name: 'orders',
    origin: ORDERS,
    routes: [
      { method: 'GET', path: '/orders', scopes: ['orders:read'] },
      { method: 'GET', path: ADMIN_ROUTE, scopes: ['orders:admin'] },
    ],
    verify: (token) => verify(token),
  }).register(labNetwork());
});

describe('capstone: patch the legacy orders service', () => {
  describe('legitimate traffic', () => {
    it('still serves /admin/orders to a genuine admin token', async () => {
      await expectAdminServed();
    });

    it('still serves /orders to a genuine token whose aud lists several services', async () => {
      const { token } = await as.issueAccessToken({
        sub: 'user-alice',
        audience: ['https://billing.example.test', ORDERS],
        scope: ['orders:read'],
      });
      expect(await call(token, '/orders')).toEqual({ status: 200, sub: 'user-alice' });
    });
  });

  describe('the three exploits', () => {
    it('refuses alg none tokens in every spelling (bug 1, RFC 8725 §3.2)', async () => {
      await expectAdminServed();
      expect(await servedVariants(await kit.mint('A2'))).toEqual([]);
    });

    it('refuses tokens signed by the key in their own jwk header (bug 2, RFC 8725 §3.10)', async () => {
      await expectAdminServed();
      expect(await servedVariants(await kit.mint('A9'))).toEqual([]);
    });

    it("refuses HS256 tokens keyed with the issuer's public key in any encoding (bug 3, RFC 8725 §3.1)", async () => {
      await expectAdminServed();
      expect(await servedVariants(await kit.mint('A5'))).toEqual([]);
    });
  });

  describe('no new holes', () => {
    it('refuses keys the token points at (jku, x5u) and never fetches them (RFC 8725 §3.10)', async () => {
      await expectAdminServed();
      expect(await servedVariants(await kit.mint('A8'))).toEqual([]);
      expect(kit.host.hits(), 'requests the service sent to the attacker host').toBe(0);
    });

    it('refuses tampered, misdirected, mistyped, never-expiring and expired tokens', async () => {
      await expectAdminServed();
      const tokens = [
        await kit.mintVariant('A1', 'tampered-payload'),
        await kit.mintVariant('A13', 'other-audience'),
        await kit.mintVariant('A14', 'id-token'),
        await kit.mintVariant('A12', 'no-exp'),
        await kit.mintVariant('A12', 'ten-year-exp'),
        await kit.mintVariant('A12', 'expired'),
      ];
      expect(await servedVariants(tokens)).toEqual([]);
    });
  });
});
