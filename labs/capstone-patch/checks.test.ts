import { beforeEach, describe, expect, it } from 'vitest';
import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { createLegacyOrdersVerifier } from '@lab/submission';
import {
  createResourceService,
  createTokenServer,
  evidence,
  expectAccepted,
  expectRejected,
  labAttacker,
  labClock,
  labNetwork,
  recordAttack,
  settle,
  type AttackToken,
  type Settled,
  type LabAttacker,
  type TokenServer,
} from '@lab/server';

const ORDERS = 'https://orders.example.test';
const ADMIN_ROUTE = '/admin/orders';
const BILLING = 'https://billing.example.test';
const PARTNER = 'https://orders.partner.example.test';

let as: TokenServer;
let kit: LabAttacker;

const FORGED = { sub: 'admin', client_id: 'lab-client', scope: 'orders:admin' };

/** A token the attacker signs, with the claims a genuine one carries and the header the check chooses. */
async function forge(header: Record<string, unknown> & { alg: string }, key: Parameters<SignJWT['sign']>[0]) {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ ...FORGED, jti: `forged-${now}` })
    .setProtectedHeader(header)
    .setIssuer(as.issuer)
    .setAudience(ORDERS)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key);
  return token;
}

/** The issuer's published signing key, as its JWKS serves it. */
function publishedJwk(): JWK {
  const jwk = as.keys.jwks().keys.find((key) => key.kid === as.keys.signingKey().kid);
  if (!jwk) throw new Error('the issuer publishes no signing key');
  return jwk;
}

/** A value of the learner's that the snapshot refused while the service verified a token (a Proxy, a getter…). */
let refused: unknown;

async function call(token: string, path = ADMIN_ROUTE): Promise<{ status: number; sub: unknown }> {
  const response = await fetch(`${ORDERS}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json().catch(() => ({}))) as { sub?: unknown };
  // The service would answer 401 for a refused value; the check names the refusal instead.
  if (refused !== undefined) throw refused;
  return { status: response.status, sub: response.status === 200 ? body.sub : undefined };
}

/**
 * The learner's verifier as the service's policy. It is called through `settle`, so the service sees only a
 * snapshot of what it returned, and a refusal as the code it carried (`ERR_JWKS_TIMEOUT` still means 503).
 */
function learnerPolicy(verify: (token: string) => unknown): (token: string) => Promise<unknown> {
  return async (token) => {
    let outcome: Settled;
    try {
      outcome = await settle(() => verify(token));
    } catch (refusal) {
      refused = refusal;
      throw refusal;
    }
    if (outcome.accepted) return outcome.value;
    throw Object.assign(new Error(outcome.error.message ?? 'rejected'), { code: outcome.error.code });
  };
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
  refused = undefined;
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
    verify: learnerPolicy(verify),
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

    it("refuses jku URLs that only look like the issuer's and never fetches them (RFC 8725 §3.10)", async () => {
      await expectAdminServed();
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
      const kid = 'attacker-1';
      const set = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] };
      const origin = new URL(as.endpoints.jwks).origin;
      const hosts = [`${origin}.evil.test`, `${origin}:4431`, `${origin}0.evil.test`];
      let hits = 0;
      for (const host of hosts) {
        labNetwork().register(host, () => {
          hits += 1;
          return Response.json(set);
        });
      }
      const urls = [...hosts.map((host) => `${host}/jwks.json`), `${origin}@attacker.example.test/jwks.json`];
      for (const jku of urls) {
        const token = await forge({ alg: 'ES256', typ: 'at+jwt', kid, jku }, privateKey);
        evidence({ token, clauses: ['RFC 8725 §3.10', 'RFC 7515 §4.1.2'], note: `jku ${jku}` });
        expect((await call(token, '/orders')).status, jku).toBe(401);
      }
      expect(hits + kit.host.hits(), 'requests the service sent to the look-alike hosts').toBe(0);
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

  describe('over the life of the service', () => {
    it('refuses a token once it has expired, however long ago the service started and whether or not it served it before', async () => {
      const { token } = await as.issueAccessToken({
        sub: 'user-olivia',
        audience: ORDERS,
        scope: ['orders:read'],
        expiresIn: 60,
      });
      expect(await call(token, '/orders'), 'a genuine token, before it expires').toEqual({
        status: 200,
        sub: 'user-olivia',
      });
      // 60 s of life and 31 s past it: outside every tolerance the statement allows (at most 30 s).
      await labClock().advance(60 + 31);
      evidence({
        token,
        clauses: ['RFC 7519 §4.1.4', 'RFC 9068 §4'],
        note: 'served once, presented again 31 s after exp',
      });
      expect((await call(token, '/orders')).status, 'the same token after it expired').toBe(401);
      const never = await kit.validToken({ claims: { exp: labClock().nowSeconds() - 31 } });
      evidence({ token: never, clauses: ['RFC 7519 §4.1.4'], note: 'expired 31 s ago, never seen before' });
      expect((await call(never, '/orders')).status, 'a token that expired 31 s ago').toBe(401);
      // Time moves for the service too: a token issued now is still fine.
      await expectAdminServed();
    });

    it('refuses a long-lived token once it was issued more than 15 minutes ago, even though it was served before', async () => {
      const { token } = await as.issueAccessToken({
        sub: 'user-olivia',
        audience: ORDERS,
        scope: ['orders:read'],
        expiresIn: 3600,
      });
      expect(await call(token, '/orders'), 'a genuine token, just issued').toEqual({
        status: 200,
        sub: 'user-olivia',
      });
      await labClock().advance(16 * 60);
      evidence({
        token,
        clauses: ['RFC 9068 §4', 'RFC 7519 §4.1.6'],
        note: 'served at issue, presented again 16 min later',
      });
      expect((await call(token, '/orders')).status).toBe(401);
      await expectAdminServed();
    });

    it('stops accepting a key the issuer removed from its key set within 10 minutes (RFC 8725 §3.10)', async () => {
      // The service has been up for a while: past the clock moves of every other check, so a key set cached at
      // module level by an earlier check (vitest keeps modules between checks) is as stale here as in the runner.
      await labClock().advance(20 * 60);
      // The issuer moves to a second key, which then leaks: it is rotated out and removed from the set. The first
      // key stays published, so genuine tokens of other checks keep verifying whatever a cache kept.
      const stolen = await as.keys.rotate();
      await expectAdminServed();
      await as.keys.rotate();
      as.keys.retire(stolen.kid);
      // 10 minutes and a second: past every cache lifetime the statement allows.
      await labClock().advance(10 * 60 + 1);
      const token = await kit.validToken({ key: stolen });
      evidence({
        token,
        clauses: ['RFC 8725 §3.10', 'RFC 7517 §5'],
        note: `signed with ${stolen.kid}, removed from the set 10 min ago`,
      });
      expect((await call(token, '/orders')).status).toBe(401);
      // Only now a token under the new kid: its kid miss would make any cache refetch, hiding one that never expires.
      await expectAdminServed();
    });

    it('keeps each verifier to its own audience, issuer and key set when several live in one process', async () => {
      const partner = await createTokenServer({
        issuer: 'https://partner-as.example.test',
        audience: PARTNER,
      });
      // The simulation hands every new server the same first key: the partner moves on to a key of its own.
      await partner.keys.rotate();
      const billing = createLegacyOrdersVerifier({
        issuer: as.issuer,
        audience: BILLING,
        jwksUri: as.endpoints.jwks,
      });
      const partnerOrders = createLegacyOrdersVerifier({
        issuer: partner.issuer,
        audience: PARTNER,
        jwksUri: partner.endpoints.jwks,
      });
      // Each sibling accepts its own genuine tokens.
      const forBilling = await as.issueAccessToken({
        sub: 'user-alice',
        audience: BILLING,
        scope: ['orders:read'],
      });
      await expectAccepted(
        () => billing(forBilling.token),
        { sub: 'user-alice' },
        { label: 'billing, its own token' },
      );
      const forPartner = await partner.issueAccessToken({
        sub: 'user-alice',
        audience: PARTNER,
        scope: ['orders:read'],
      });
      await expectAccepted(
        () => partnerOrders(forPartner.token),
        { sub: 'user-alice' },
        {
          label: "the partner's service, its own token",
        },
      );
      // The orders service refuses what its siblings accepted, and a token under its issuer's name signed by the partner's key.
      evidence({
        token: forBilling.token,
        clauses: ['RFC 9068 §4', 'RFC 8725 §3.9'],
        note: 'accepted by the billing verifier first',
      });
      expect((await call(forBilling.token, '/orders')).status, 'a billing token').toBe(401);
      const crossSigned = await kit.validToken({ key: partner.keys.signingKey() });
      evidence({
        token: crossSigned,
        clauses: ['RFC 9068 §4', 'RFC 8725 §3.10'],
        note: "the orders issuer's name, the partner's key",
      });
      expect((await call(crossSigned, '/orders')).status, "a token signed with the partner's key").toBe(401);
      await expectRejected(() => billing(crossSigned), {
        label: "billing, a token signed with the partner's key",
      });
      await expectAdminServed();
    });
  });

  describe('required claims', () => {
    it('refuses an access token signed by the issuer that lacks any one of iss, aud, exp, iat, jti, sub or client_id (RFC 9068 §2.2)', async () => {
      await expectAdminServed();
      for (const claim of ['iss', 'aud', 'exp', 'iat', 'jti', 'sub', 'client_id']) {
        const token = await kit.validToken({ omitClaims: [claim] });
        evidence({ token, clauses: ['RFC 9068 §2.2', 'RFC 9068 §4'], note: `no ${claim}` });
        expect((await call(token, '/orders')).status, `a token without ${claim}`).toBe(401);
      }
    });
  });

  describe('no new holes, whatever the token claims', () => {
    it('refuses alg none tokens whatever subject they claim (RFC 8725 §3.2)', async () => {
      await expectAdminServed();
      for (const sub of ['admin', 'batch-nightly', 'svc-batch', 'user-olivia']) {
        const token = new UnsecuredJWT({ ...FORGED, sub, jti: `unsigned-${sub}` })
          .setIssuer(as.issuer)
          .setAudience(ORDERS)
          .setIssuedAt()
          .setExpirationTime('5m')
          .encode();
        evidence({ token, clauses: ['RFC 8725 §3.2', 'RFC 7518 §3.6'], note: `unsigned, sub ${sub}` });
        expect((await call(token, '/orders')).status, `sub ${sub}`).toBe(401);
      }
    });

    it("refuses a self-signed token whose embedded jwk copies the issuer's published kid (RFC 8725 §3.10)", async () => {
      await expectAdminServed();
      const { kid } = publishedJwk();
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
      const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
      const token = await forge({ alg: 'ES256', typ: 'at+jwt', kid, jwk }, privateKey);
      evidence({
        token,
        clauses: ['RFC 8725 §3.10', 'RFC 7515 §4.1.3'],
        note: "the attacker's key under the issuer's kid",
      });
      expect((await call(token, '/orders')).status).toBe(401);
    });

    it("refuses HS256 tokens keyed with the issuer's published JWK serialised as JSON (RFC 8725 §3.1)", async () => {
      await expectAdminServed();
      const jwk = publishedJwk();
      const { kid } = jwk;
      const serialisations = {
        'the JWK as published': JSON.stringify(jwk),
        'the RFC 7638 members': JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }),
        'the JWK set': JSON.stringify(as.keys.jwks()),
      };
      for (const [label, secret] of Object.entries(serialisations)) {
        const token = await forge({ alg: 'HS256', typ: 'at+jwt', kid }, new TextEncoder().encode(secret));
        evidence({ token, clauses: ['RFC 8725 §3.1', 'RFC 8725 §2.1'], note: `HMAC keyed with ${label}` });
        expect((await call(token, '/orders')).status, label).toBe(401);
      }
    });

    it("refuses the issuer's own signed tokens that are not access tokens (typ JWT, or no typ)", async () => {
      await expectAdminServed();
      const tokens = [
        await kit.validToken({ header: { typ: 'JWT' } }),
        await kit.validToken({ omitHeader: ['typ'] }),
      ];
      for (const token of tokens) {
        evidence({
          token,
          clauses: ['RFC 8725 §3.11', 'RFC 9068 §4'],
          note: 'signed by the issuer, but not typed at+jwt',
        });
        expect((await call(token, '/orders')).status).toBe(401);
      }
    });

    it("refuses tokens signed with the issuer's key that name another issuer or a look-alike of it", async () => {
      await expectAdminServed();
      for (const iss of [
        'https://partner-as.example.test',
        `${as.issuer}.evil.test`,
        `${as.issuer}/tenant`,
        as.issuer.toUpperCase(),
      ]) {
        const token = await kit.validToken({ claims: { iss } });
        evidence({ token, clauses: ['RFC 9068 §4', 'RFC 8725 §3.8'], note: `iss ${iss}` });
        expect((await call(token, '/orders')).status, iss).toBe(401);
      }
    });

    it('refuses tokens for look-alike audiences of the orders service', async () => {
      await expectAdminServed();
      const looks: Array<string | string[]> = [
        `${ORDERS}.evil.test`,
        `${ORDERS}/`,
        ORDERS.toUpperCase(),
        `https://evil.test/?${ORDERS}`,
        ORDERS.slice(0, -1),
        [`${ORDERS}x`],
      ];
      for (const aud of looks) {
        const token = await kit.validToken({ claims: { aud } });
        evidence({
          token,
          clauses: ['RFC 9068 §4', 'RFC 8725 §3.9', 'RFC 7519 §2'],
          note: `aud ${JSON.stringify(aud)}`,
        });
        expect((await call(token, '/orders')).status, JSON.stringify(aud)).toBe(401);
      }
    });

    it('refuses a token issued 16 minutes ago that has not expired yet (15-minute policy)', async () => {
      await expectAdminServed();
      const now = Math.floor(Date.now() / 1000);
      const token = await kit.validToken({ claims: { iat: now - 16 * 60, exp: now + 4 * 60 } });
      evidence({
        token,
        clauses: ['RFC 9068 §4', 'RFC 7519 §4.1.6'],
        note: 'iat 16 min ago, exp 4 min ahead',
      });
      expect((await call(token, '/orders')).status).toBe(401);
    });

    it("refuses self-signed tokens while the issuer's key set cannot be fetched", async () => {
      const tokens = await kit.mint('A9');
      as.close();
      // Without its keys the service cannot verify anything: 401, or 503 for the outage, never the orders.
      const served: string[] = [];
      for (const token of tokens) {
        recordAttack(token);
        const { status } = await call(token.token, '/orders');
        if (status !== 401 && status !== 503) served.push(`${token.attack} ${token.variant}: ${status}`);
      }
      expect(served).toEqual([]);
    });
  });
});
