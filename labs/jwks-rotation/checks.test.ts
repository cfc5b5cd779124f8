import { beforeEach, describe, expect, it } from 'vitest';
import { createApiVerifier } from '@lab/submission';
import {
  createTokenServer,
  evidence,
  expectAccepted,
  labAttacker,
  labClock,
  labNetwork,
  loadSimulationKey,
  settle,
  type LabAttacker,
  type TokenServer,
} from '@lab/server';

const KEYS_HOST = 'https://keys.example.test';
const PROXIED_JWKS = `${KEYS_HOST}/jwks.json`;

let server: TokenServer;
let attacker: LabAttacker;
/** What the JWKS host does: serve the issuer's JWKS, answer 500, or redirect to the attacker's JWKS. */
let keysHost: 'serve' | 'fail' | 'redirect';
/** Keys the JWKS host publishes beside the issuer's (keys for other purposes, e.g. ID tokens). */
let extraKeys: unknown[];

/** The learner's verifier for this server's API; every call of it goes through settle or expectAccepted. */
function verifier(jwksUri = server.endpoints.jwks): (token: string) => Promise<unknown> {
  const verify = createApiVerifier({ issuer: server.issuer, audience: server.audience, jwksUri });
  return verify;
}

function jwksFetches(url: string): number {
  return labNetwork().log.entries.filter((entry) => entry.url === url).length;
}

async function accessToken(expiresIn?: number): Promise<string> {
  const issued = await server.issueAccessToken({
    sub: 'user-alice',
    ...(expiresIn !== undefined ? { expiresIn } : {}),
  });
  return issued.token;
}

beforeEach(async () => {
  server = await createTokenServer();
  attacker = labAttacker(server);
  keysHost = 'serve';
  extraKeys = [];
  labNetwork().register(KEYS_HOST, async () => {
    if (keysHost === 'fail') return new Response('maintenance', { status: 500 });
    if (keysHost === 'redirect') {
      return new Response(null, { status: 302, headers: { location: attacker.host.attacker.jwksUrl } });
    }
    return Response.json({ keys: [...server.keys.jwks().keys, ...extraKeys] });
  });
});

/** The verdict exactly as `verify` resolved it (a snapshot), or `threw`. */
async function verdictOf(verify: (token: string) => Promise<unknown>, token: string): Promise<unknown> {
  const outcome = await settle(() => verify(token));
  return outcome.accepted ? outcome.value : 'threw';
}

/** Labels of the tokens `verify` did not refuse with exactly `{ status: 401, error: 'invalid_token' }`. */
async function notRefused(
  verify: (token: string) => Promise<unknown>,
  cases: ReadonlyArray<readonly [string, string]>,
  clauses: string[] = ['RFC 8725 §3.10', 'RFC 7517 §9.1'],
): Promise<string> {
  const leaks: string[] = [];
  for (const [label, token] of cases) {
    evidence({ token, clauses, note: label });
    const verdict = await verdictOf(verify, token);
    if (JSON.stringify(verdict) !== JSON.stringify(INVALID))
      leaks.push(`${label}: ${JSON.stringify(verdict)}`);
  }
  return leaks.join('; ');
}

const INVALID = { status: 401, error: 'invalid_token' };

/** A token the issuer has just minted for this API gets `verdict` (the positive control, or 503 in an outage). */
async function expectFreshToken(verify: (token: string) => Promise<unknown>, verdict: object): Promise<void> {
  const token = await accessToken();
  await expectAccepted(() => verify(token), verdict, { label: 'a fresh access token' });
}

describe('createApiVerifier', () => {
  describe('verifying', () => {
    it('accepts a valid access token', async () => {
      const verify = verifier();
      const token = await accessToken();
      await expectAccepted(() => verify(token), { status: 200, sub: 'user-alice' });
    });

    it('rejects a token signed by a key the issuer never published', async () => {
      const verify = verifier();
      const forged = await attacker.validToken({
        key: await attacker.attacker.key('ES256'),
        header: { kid: server.keys.signingKey().kid },
      });
      evidence({ token: forged, clauses: ['RFC 7517 §9.1'], note: "attacker's key under the issuer's kid" });
      await expectAccepted(() => verify(forged), { status: 401 });
      await expectFreshToken(verify, { status: 200 });
    });

    it("rejects the issuer's tokens meant for something else: another API, an ID token, an expired token", async () => {
      const verify = verifier();
      const otherApi = (
        await server.issueAccessToken({ sub: 'user-alice', audience: 'https://other-api.example.test' })
      ).token;
      const idToken = await attacker.validToken({ header: { typ: 'JWT' } });
      const expired = await accessToken(60);
      evidence({ token: otherApi, clauses: ['RFC 8725 §3.9'], note: 'signed by the issuer for another API' });
      evidence({
        token: idToken,
        clauses: ['RFC 8725 §3.11', 'RFC 9068 §2.1'],
        note: 'signed by the issuer, typ JWT',
      });
      await labClock().advance(120);
      await expectAccepted(() => verify(otherApi), { status: 401 });
      await expectAccepted(() => verify(idToken), { status: 401 });
      await expectAccepted(() => verify(expired), { status: 401 });
      await expectFreshToken(verify, { status: 200 });
    });

    it('never trusts key material the token brings: an embedded jwk or x5c, a jku or x5u even under the issuer or its jwks_uri', async () => {
      const verify = verifier();
      const jwksUri = server.endpoints.jwks;
      const lookAlike = `${server.issuer}.evil.test`;
      const ownKey = await attacker.attacker.key('ES256');
      const certificateUrl = attacker.host.attacker.certificateUrl(ownKey.kid);
      const certificate = await (await attacker.host.fetch(new Request(certificateUrl))).text();
      const ownJwks = JSON.stringify({ keys: [ownKey.publicJwk] });
      // What the attacker managed to place on the issuer's own host: uploads, and a tenant's key set under jwks_uri.
      const planted = new Map([
        [`${server.issuer}/uploads/keys.json`, ownJwks],
        [`${server.issuer}/uploads/avatar.pem`, certificate],
        [`${jwksUri}?tenant=attacker`, ownJwks],
      ]);
      labNetwork().unregister(server.issuer);
      labNetwork().register(server.issuer, (request) => {
        const body = planted.get(request.url);
        return body === undefined ? server.fetch(request) : new Response(body);
      });
      labNetwork().register(lookAlike, () => fetch(attacker.host.attacker.jwksUrl));
      const signed = (header: Record<string, unknown>) => attacker.validToken({ key: ownKey, header });
      const x5c = certificate.replace(/-----[A-Z ]+-----|\s/g, '');
      const cases: Array<readonly [string, string]> = [
        ...(await attacker.attack('A9')).map((t) => [`embedded jwk (${t.variant})`, t.token] as const),
        ...(await attacker.attack('A8')).map((t) => [`attacker host (${t.variant})`, t.token] as const),
        ["x5c: the attacker's self-signed certificate", await signed({ x5c: [x5c] })],
        [`jku ${lookAlike}/jwks.json`, await signed({ jku: `${lookAlike}/jwks.json` })],
        [`jku ${server.issuer}/jwks.json`, await signed({ jku: `${server.issuer}/jwks.json` })],
        [
          `jku ${server.issuer}/uploads/keys.json`,
          await signed({ jku: `${server.issuer}/uploads/keys.json` }),
        ],
        [
          `jku ${jwksUri}/../../uploads/keys.json`,
          await signed({ jku: `${jwksUri}/../../uploads/keys.json` }),
        ],
        [`jku ${jwksUri}?tenant=attacker`, await signed({ jku: `${jwksUri}?tenant=attacker` })],
        [`jku ${jwksUri}#attacker`, await signed({ jku: `${jwksUri}#attacker` })],
        [
          `x5u ${server.issuer}/uploads/avatar.pem`,
          await signed({ x5u: `${server.issuer}/uploads/avatar.pem` }),
        ],
        [
          `x5u ${jwksUri}/../../uploads/avatar.pem`,
          await signed({ x5u: `${jwksUri}/../../uploads/avatar.pem` }),
        ],
      ];
      const leaks = await notRefused(verify, cases);
      expect(leaks, 'expected exactly { status: 401, error: "invalid_token" } for each').toBe('');
      const elsewhere = labNetwork()
        .log.entries.map((entry) => entry.url)
        .filter((url) => url !== jwksUri);
      expect(elsewhere, 'requests the verifier sent anywhere but its jwksUri').toEqual([]);
      await expectFreshToken(verify, { status: 200 });
    });

    it('accepts only ES256, even from a key the issuer publishes for something else', async () => {
      const verify = verifier(PROXIED_JWKS);
      const cases: Array<readonly [string, string]> = [];
      for (const alg of ['RS256', 'PS256', 'Ed25519'] as const) {
        const key = await loadSimulationKey(alg);
        extraKeys.push(key.publicJwk);
        cases.push([`${alg} signed by a published ${alg} key`, await attacker.validToken({ key })]);
      }
      // P-256 keys the issuer publishes for key agreement: importable as ES256, but not for verifying signatures.
      const otherUses: Array<readonly [string, Record<string, unknown>]> = [
        ['alg ECDH-ES, use enc', { alg: 'ECDH-ES', use: 'enc' }],
        ['use enc', { use: 'enc' }],
        ['alg ECDH-ES', { alg: 'ECDH-ES' }],
        ['key_ops ["deriveBits"]', { key_ops: ['deriveBits'] }],
      ];
      for (const [index, [what, marks]] of otherUses.entries()) {
        const key = await loadSimulationKey('ES256', index + 1);
        const { alg: _alg, use: _use, ...publicJwk } = key.publicJwk ?? {};
        extraKeys.push({ ...publicJwk, ...marks });
        cases.push([
          `ES256 signed by a published P-256 key with ${what}`,
          await attacker.validToken({ key }),
        ]);
      }
      const leaks = await notRefused(verify, cases, [
        'RFC 8725 §3.1',
        'RFC 7517 §4.2',
        'RFC 7517 §4.3',
        'RFC 7517 §4.4',
      ]);
      expect(leaks, 'expected exactly { status: 401, error: "invalid_token" } for each').toBe('');
      await expectFreshToken(verify, { status: 200 });
    });

    it('compares iss and aud exactly and requires iss, aud, typ, sub and exp', async () => {
      const verify = verifier();
      const iss = server.issuer;
      const aud = server.audience;
      const cases: Array<readonly [string, string]> = [
        [`iss ${iss}.evil.test`, await attacker.validToken({ claims: { iss: `${iss}.evil.test` } })],
        [`iss ${iss}/`, await attacker.validToken({ claims: { iss: `${iss}/` } })],
        [`iss ${iss}/tenant`, await attacker.validToken({ claims: { iss: `${iss}/tenant` } })],
        [`iss ${iss.toUpperCase()}`, await attacker.validToken({ claims: { iss: iss.toUpperCase() } })],
      ];
      const lookAlikes = [
        `${aud}-admin`,
        `${aud}.evil.test`,
        `${aud}/admin`,
        `${aud}/`,
        `${aud}:443`,
        aud.toUpperCase(),
        aud.slice(0, -1),
        aud.slice('https://'.length),
        `https://evil.example.test/${aud}`,
        aud.replace('.', '%2E'),
      ];
      for (const lookAlike of lookAlikes)
        cases.push([`aud ${lookAlike}`, await attacker.validToken({ claims: { aud: lookAlike } })]);
      const array = [`${aud}/`, aud.toUpperCase()];
      cases.push([`aud ${JSON.stringify(array)}`, await attacker.validToken({ claims: { aud: array } })]);
      for (const claim of ['iss', 'aud', 'sub', 'exp'])
        cases.push([`no ${claim}`, await attacker.validToken({ omitClaims: [claim] })]);
      cases.push(
        ['no typ', await attacker.validToken({ omitHeader: ['typ'] })],
        ['typ ["at+jwt"]', await attacker.validToken({ header: { typ: ['at+jwt'] } })],
        [`iss [${JSON.stringify(iss)}]`, await attacker.validToken({ claims: { iss: [iss] } })],
        [
          'exp as a string',
          await attacker.validToken({ claims: { exp: String(labClock().nowSeconds() + 600) } }),
        ],
      );
      const leaks = await notRefused(verify, cases, [
        'RFC 7519 §2',
        'RFC 8725 §3.9',
        'RFC 9068 §2.2',
        'RFC 9068 §4',
      ]);
      expect(leaks, 'expected exactly { status: 401, error: "invalid_token" } for each').toBe('');
      await expectFreshToken(verify, { status: 200, sub: 'user-alice' });
    });

    it('fetches the JWKS once for many valid tokens', async () => {
      const verify = verifier();
      for (let i = 0; i < 20; i++) {
        await expectFreshToken(verify, { status: 200 });
        await labClock().advance(3);
      }
      expect(jwksFetches(server.endpoints.jwks)).toBe(1);
    });
  });

  describe('key rotation', () => {
    it('accepts a new key published 60 seconds before its first use', async () => {
      const verify = verifier();
      await expectFreshToken(verify, { status: 200 });
      const next = await server.keys.add();
      await labClock().advance(60);
      server.keys.promote(next.kid);
      const token = await accessToken();
      evidence({
        token,
        clauses: ['RFC 9700 §2.6', 'RFC 7517 §5'],
        note: `first token signed by ${next.kid}`,
      });
      await expectAccepted(() => verify(token), { status: 200 });
    });

    it('keeps every valid token working through a planned rotation', async () => {
      const verify = verifier();
      const statuses: unknown[] = [];
      const check = async (token: string) => {
        const verdict = await verdictOf(verify, token);
        statuses.push(verdict === 'threw' ? verdict : (verdict as { status?: unknown } | null)?.status);
      };
      const old = await accessToken();
      const oldExpires = labClock().nowSeconds() + server.config.lifetimes.accessToken;
      const oldKid = server.keys.signingKey().kid;
      await check(old);
      await labClock().advance(10);
      const next = await server.keys.add();
      await labClock().advance(60);
      server.keys.promote(next.kid);
      await check(await accessToken());
      await check(old);
      for (let minute = 0; minute < 14; minute++) {
        await labClock().advance(60);
        await check(await accessToken());
        if (labClock().nowSeconds() < oldExpires) await check(old);
      }
      await labClock().advance(60);
      expect(server.keys.safeToRetire(oldKid)).toBe(true);
      server.keys.retire(oldKid);
      for (let minute = 0; minute < 6; minute++) {
        await labClock().advance(60);
        await check(await accessToken());
      }
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
    });

    it('stops accepting a removed key within 5 minutes', async () => {
      const verify = verifier();
      const compromised = await accessToken(3600);
      const compromisedKid = server.keys.signingKey().kid;
      await expectAccepted(() => verify(compromised), { status: 200 });
      await server.keys.rotate();
      server.keys.retire(compromisedKid);
      await labClock().advance(300);
      evidence({
        token: compromised,
        clauses: ['RFC 7517 §9.1'],
        note: `${compromisedKid} removed from the JWKS 5 minutes ago; the token itself is valid for another 55`,
      });
      await expectAccepted(() => verify(compromised), { status: 401 });
      await expectFreshToken(verify, { status: 200 });
    });
  });

  describe('unknown kid flood', () => {
    it('makes at most 2 JWKS fetches for 100 tokens with random kids', async () => {
      const verify = verifier();
      await expectFreshToken(verify, { status: 200 });
      const flood = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          attacker.validToken({ header: { kid: `flood-${i}-${Math.random()}` } }),
        ),
      );
      evidence({
        token: flood[0],
        clauses: ['RFC 7517 §5'],
        note: '100 tokens with random kids in one burst',
      });
      for (const token of flood) await expectAccepted(() => verify(token), { status: 401 });
      expect(jwksFetches(server.endpoints.jwks)).toBeLessThanOrEqual(2);
      await expectFreshToken(verify, { status: 200 });
    });

    it('makes at most one JWKS fetch per 30 seconds under a sustained flood', async () => {
      const verify = verifier();
      await expectFreshToken(verify, { status: 200 });
      for (let i = 0; i < 100; i++) {
        await labClock().advance(3);
        const token = await attacker.validToken({ header: { kid: `flood-${i}` } });
        if (i === 0)
          evidence({ token, clauses: ['RFC 7517 §5'], note: 'one random-kid token every 3 s for 5 minutes' });
        await expectAccepted(() => verify(token), { status: 401 });
      }
      expect(jwksFetches(server.endpoints.jwks)).toBeLessThanOrEqual(Math.floor(300 / 30) + 1);
      await expectFreshToken(verify, { status: 200 });
    });
  });

  describe('JWKS endpoint failures', () => {
    it('answers 503 when the JWKS endpoint answers 500', async () => {
      const verify = verifier(PROXIED_JWKS);
      keysHost = 'fail';
      await expectFreshToken(verify, { status: 503 });
      keysHost = 'serve';
      await expectFreshToken(verify, { status: 200 });
    });

    it('answers 503 when the JWKS endpoint redirects elsewhere', async () => {
      const verify = verifier(PROXIED_JWKS);
      await attacker.attacker.key('ES256');
      const forged = await attacker.validToken({ key: await attacker.attacker.key('ES256') });
      keysHost = 'redirect';
      evidence({
        token: forged,
        clauses: ['RFC 7517 §9.1', 'RFC 8414 §2'],
        note: 'JWKS answers 302 to the attacker JWKS',
      });
      await expectAccepted(() => verify(forged), { status: 503 });
      expect(attacker.host.hits()).toBe(0);
      keysHost = 'serve';
      await expectFreshToken(verify, { status: 200 });
    });

    it('answers 503 when the JWKS host is unreachable', async () => {
      const verify = verifier('https://unreachable.example.test/jwks.json');
      await expectFreshToken(verify, { status: 503 });
    });

    it('does not keep using cached keys past 5 minutes when the JWKS cannot be refreshed', async () => {
      const verify = verifier(PROXIED_JWKS);
      const token = await accessToken(3600);
      await expectAccepted(() => verify(token), { status: 200 });
      keysHost = 'fail';
      await labClock().advance(300);
      evidence({
        token,
        clauses: ['RFC 7517 §9.1'],
        note: 'JWKS cache 5 minutes old and the JWKS endpoint down',
      });
      await expectAccepted(() => verify(token), { status: 503 });
    });
  });
});
