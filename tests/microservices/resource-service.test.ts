import { base64url, errors } from 'jose';
import { describe, expect, it } from 'vitest';
import { createResourceService } from '../../src/token-server/microservices/resource-service';
import type { VerificationPolicy } from '../../src/token-server/microservices/verification-policy';

const NOW = new Date('2026-01-01T00:00:00Z');
/** A token-shaped string whose decoded form the hop log shows (the policies below never look at it). */
const TOKEN = `${base64url.encode('{"alg":"ES256","typ":"at+jwt"}')}.${base64url.encode('{"sub":"alice"}')}.c2ln`;

function service(verify: VerificationPolicy) {
  return createResourceService({
    name: 'orders',
    origin: 'https://orders.example.test',
    routes: [{ method: 'GET', path: '/orders', scopes: ['orders:read'] }],
    verify,
    now: () => NOW,
  });
}

const call = (s: ReturnType<typeof service>, authorization?: string) =>
  s.fetch('https://orders.example.test/orders', authorization ? { headers: { authorization } } : {});

const grants =
  (scope: string): VerificationPolicy =>
  () => ({ sub: 'alice', scope });

describe('createResourceService', () => {
  it('serves a verified token with the scope, and logs the hop as allowed', async () => {
    const s = service(grants('orders:read orders:write'));
    const response = await call(s, `Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ service: 'orders', route: 'GET /orders', sub: 'alice' });
    expect(s.hops.entries).toEqual([
      expect.objectContaining({
        hop: 'orders',
        decision: 'allowed',
        status: 200,
        token: TOKEN,
        decoded: { header: { alg: 'ES256', typ: 'at+jwt' }, payload: { sub: 'alice' } },
        principal: 'alice',
        requiredScopes: ['orders:read'],
        time: NOW.toISOString(),
      }),
    ]);
  });

  it('answers 401 with a bare Bearer challenge when there is no token (RFC 6750 §3.1)', async () => {
    const s = service(grants('orders:read'));
    for (const authorization of [undefined, 'Basic YTpi']) {
      const response = await call(s, authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="orders"');
    }
    expect(s.hops.entries.map((e) => e.decision)).toEqual(['no_token', 'no_token']);
  });

  it('answers 400 invalid_request for a malformed Bearer header', async () => {
    const response = await call(service(grants('orders:read')), 'Bearer two tokens');
    expect(response.status).toBe(400);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="orders", error="invalid_request"');
  });

  it('answers 401 invalid_token when verification throws, without leaking the reason', async () => {
    const s = service(() => {
      throw new errors.JWSSignatureVerificationFailed('secret detail');
    });
    const response = await call(s, `Bearer ${TOKEN}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="orders", error="invalid_token"');
    expect(await response.text()).not.toContain('secret detail');
    expect(s.hops.entries[0]).toMatchObject({
      decision: 'invalid_token',
      error: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it('says an expired token expired, so the client can refresh', async () => {
    const s = service(() => {
      throw new errors.JWTExpired('"exp" claim timestamp check failed', {}, 'exp');
    });
    const response = await call(s, `Bearer ${TOKEN}`);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="orders", error="invalid_token", error_description="The access token expired"',
    );
  });

  it('rejects when a policy returns nothing usable, so it can never pass by accident', async () => {
    for (const result of [undefined, null, false, true, 'alice']) {
      const response = await call(
        service(() => result),
        `Bearer ${TOKEN}`,
      );
      expect(response.status).toBe(401);
    }
  });

  it('answers 403 insufficient_scope naming the scope when verified claims lack it', async () => {
    const s = service(grants('orders:write'));
    const response = await call(s, `Bearer ${TOKEN}`);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="orders", error="insufficient_scope", scope="orders:read"',
    );
    expect(s.hops.entries[0]).toMatchObject({ decision: 'insufficient_scope', principal: 'alice' });
  });

  it('fails closed with 503 when the keys cannot be fetched', async () => {
    for (const error of [new errors.JWKSTimeout(), new errors.JOSEError('Expected 200 OK')]) {
      const s = service(() => Promise.reject(error));
      const response = await call(s, `Bearer ${TOKEN}`);
      expect(response.status).toBe(503);
      expect(s.hops.entries[0]?.decision).toBe('unavailable');
    }
  });

  it('answers 404 for an unknown route without calling the policy', async () => {
    let called = false;
    const s = service(() => {
      called = true;
      return { sub: 'alice' };
    });
    expect((await s.fetch('https://orders.example.test/admin')).status).toBe(404);
    expect(called).toBe(false);
    expect(s.hops.entries[0]?.decision).toBe('not_found');
  });

  it('uses a swapped-in policy from the next request on', async () => {
    const s = service(grants('orders:read'));
    s.setPolicy(() => {
      throw new TypeError('learner code says no');
    });
    expect((await call(s, `Bearer ${TOKEN}`)).status).toBe(401);
    expect(s.hops.entries[0]?.error).toBe('TypeError');
  });

  it('rejects a config with a bad origin, naming the field', () => {
    expect(() =>
      createResourceService({
        name: 'orders',
        origin: 'http://orders.example.test',
        routes: [],
        verify: grants(''),
      }),
    ).toThrow(/origin/);
  });
});

describe('createResourceService route handlers', () => {
  it('answers 500 without details when a handler throws, and logs the authorised request', async () => {
    const s = createResourceService({
      name: 'orders',
      origin: 'https://orders.example.test',
      routes: [
        {
          method: 'GET',
          path: '/orders',
          respond: () => {
            throw new Error('database password is hunter2');
          },
        },
      ],
      verify: grants(''),
      now: () => NOW,
    });
    const response = await call(s, `Bearer ${TOKEN}`);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('hunter2');
    expect(s.hops.entries[0]).toMatchObject({
      decision: 'allowed',
      status: 500,
      error: 'ERR_HOP_HANDLER_THREW',
    });
  });

  it('sends a handler result that is not a Response as JSON', async () => {
    const s = createResourceService({
      name: 'orders',
      origin: 'https://orders.example.test',
      routes: [
        { method: 'GET', path: '/orders', respond: ({ payload }) => ({ owner: payload.sub, items: [] }) },
      ],
      verify: grants(''),
      now: () => NOW,
    });
    expect(await (await call(s, `Bearer ${TOKEN}`)).json()).toEqual({ owner: 'alice', items: [] });
  });
});
