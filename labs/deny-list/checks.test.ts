import { beforeEach, describe, expect, it } from 'vitest';
import { createAccessTokenVerifier, createDenyList } from '@lab/submission';
import {
  createSimulatedNetwork,
  createTokenServer,
  evidence,
  expectAccepted,
  expectRejected,
  labAttacker,
  labClock,
  loadSimulationKey,
  settle,
  type LabAttacker,
  type SigningKey,
  type TokenServer,
} from '@lab/server';

const CLOCK_TOLERANCE = 30;
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DENYLIST_CLAUSES = ['OWASP JWT Cheat Sheet: JWT denylist', 'RFC 7519 §4.1.7'];
/** The seed of the shuffled order of genuine and hostile tokens (named in the failure message). */
const SHUFFLE_SEED = 0xd3e7_2026;

function decodeSegment(segment: string): Uint8Array {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

function encodeSegment(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The same ES256 token with its signature's s replaced by n − s: still valid, different bytes. */
function malleate(token: string): string {
  const [header, payload, signature = ''] = token.split('.');
  const bytes = decodeSegment(signature);
  let s = 0n;
  for (const byte of bytes.subarray(32)) s = (s << 8n) | BigInt(byte);
  let flipped = P256_ORDER - s;
  const out = Uint8Array.from(bytes);
  for (let i = 63; i >= 32; i--, flipped >>= 8n) out[i] = Number(flipped & 0xffn);
  return `${header}.${payload}.${encodeSegment(out)}`;
}

/** A 64-byte signature is 86 base64url characters: the last one has 4 bits that decode to nothing. */
function flipSpareBits(token: string): string {
  const last = token.slice(-1);
  return token.slice(0, -1) + BASE64URL[BASE64URL.indexOf(last) ^ 1];
}

/** The `exp` claim of a compact token (read, not verified: the issuer minted it). */
function expOf(token: string): number {
  const payload = JSON.parse(new TextDecoder().decode(decodeSegment(token.split('.')[1] ?? ''))) as {
    exp: number;
  };
  return payload.exp;
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

let server: TokenServer;
let kit: LabAttacker;
/** The RS256 key the issuer signs ID tokens with, published in the same JWKS (common with OpenID providers). */
let idTokenKey: SigningKey;
/** An ES384 key the issuer also publishes: inside the JWKS, outside the ES256 allow-list. */
let es384Key: Awaited<ReturnType<LabAttacker['attacker']['key']>>;
let denyList: ReturnType<typeof createDenyList>;
let verify: (token: string) => Promise<unknown>;

function policy() {
  return {
    issuer: server.issuer,
    audience: server.audience,
    jwks: {
      keys: [...server.keys.jwks().keys, idTokenKey.publicJwk, es384Key.publicJwk].filter(
        (jwk) => jwk !== undefined,
      ),
    },
    clockToleranceSeconds: CLOCK_TOLERANCE,
  };
}

/** A verifier with a deny-list of its own, which has revoked nothing. */
function freshVerifier(): (token: string) => Promise<unknown> {
  const emptyList = createDenyList(policy());
  const fresh = createAccessTokenVerifier(policy(), emptyList);
  return fresh;
}

async function accessToken(sub = 'user-alice', expiresIn = 600): Promise<string> {
  return (await server.issueAccessToken({ sub, expiresIn })).token;
}

/** `revoke(token)` must resolve exactly `expected`. */
async function expectRevoked(token: string, expected: boolean, label?: string): Promise<void> {
  const outcome = await expectAccepted(
    () => denyList.revoke(token),
    undefined,
    label === undefined ? {} : { label },
  );
  expect(outcome, `${label ? `${label}: ` : ''}what revoke resolved`).toBe(expected);
}

/** `size()` must answer exactly `expected`. */
async function expectSize(expected: number, label: string): Promise<void> {
  const outcome = await expectAccepted(() => denyList.size(), undefined, { label });
  expect(outcome, `size() ${label}`).toBe(expected);
}

/** The positive control: a fresh genuine token for `sub` is accepted. */
async function expectGenuineAccepted(sub = 'user-alice'): Promise<void> {
  const { token, jti } = await server.issueAccessToken({ sub });
  await expectAccepted(
    () => verify(token),
    { sub, iss: server.issuer, jti },
    { label: `a genuine token for ${sub}` },
  );
}

/** The refusal the statement names: `JWTClaimValidationFailed` on claim `jti`, reason `check_failed`. */
async function expectDenied(token: string, label?: string): Promise<void> {
  const thrown = await expectRejected(() => verify(token), {
    code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    claim: 'jti',
    ...(label === undefined ? {} : { label }),
  });
  expect(thrown.value, `${label ?? 'the revoked token'}: the error's reason`).toMatchObject({
    reason: 'check_failed',
  });
}

/** Revokes `token`, checks a verifier with an empty deny-list accepts `variant` (so it is a valid token), then expects a rejection. */
async function expectVariantRejected(token: string, variant: string, note: string): Promise<void> {
  expect(variant).not.toBe(token);
  await expectAccepted(
    () => freshVerifier()(variant),
    { sub: 'user-alice' },
    { label: 'the copy, never revoked' },
  );
  await expectRevoked(token, true);
  evidence({ token: variant, clauses: DENYLIST_CLAUSES, note });
  await expectDenied(variant, 'the copy of the revoked token');
}

beforeEach(async () => {
  server = await createTokenServer();
  kit = labAttacker(server);
  idTokenKey = await loadSimulationKey('RS256');
  es384Key = await kit.attacker.key('ES384', 'as-es384');
  denyList = createDenyList(policy());
  verify = createAccessTokenVerifier(policy(), denyList);
});

describe('access token deny-list', () => {
  describe('verify', () => {
    it('accepts a valid access token', async () => {
      const { token, jti } = await server.issueAccessToken({ sub: 'user-alice' });
      await expectAccepted(() => verify(token), { sub: 'user-alice', iss: server.issuer, jti });
    });

    it("rejects, and does not revoke, the issuer's tokens meant for something else: another API, an ID token", async () => {
      const otherApi = (
        await server.issueAccessToken({ sub: 'user-alice', audience: 'https://other-api.example.test' })
      ).token;
      const idToken = await kit.validToken({ header: { typ: 'JWT' }, claims: { sub: 'user-alice' } });
      evidence({ token: otherApi, clauses: ['RFC 8725 §3.9'], note: 'signed by the issuer for another API' });
      evidence({
        token: idToken,
        clauses: ['RFC 8725 §3.11', 'RFC 9068 §2.1'],
        note: 'signed by the issuer, typ JWT',
      });
      await expectRejected(() => verify(otherApi), { label: 'a token for another API' });
      await expectRejected(() => verify(idToken), { label: 'an ID token' });
      await expectRevoked(otherApi, false, 'revoke of a token for another API');
      await expectRevoked(idToken, false, 'revoke of an ID token');
      await expectSize(0, 'after revoking only tokens meant for something else');
      await expectGenuineAccepted();
    });

    it('rejects aud, iss and typ values that only look like the policy: prefix, suffix, case, trailing slash, substring', async () => {
      const { audience, issuer } = server;
      const lookAlikes = [
        { aud: `${audience}/` },
        { aud: `${audience}.evil.test` },
        { aud: audience.toUpperCase() },
        { aud: audience.slice(0, -1) },
        { iss: `${issuer}/` },
        { iss: `${issuer}.evil.test` },
        { iss: issuer.toUpperCase() },
      ];
      for (const claims of lookAlikes) {
        const token = await kit.validToken({ claims });
        evidence({
          token,
          clauses: ['RFC 7519 §2', 'RFC 8725 §3.9'],
          note: `signed by the issuer with ${JSON.stringify(claims)}`,
        });
        await expectRejected(() => verify(token), { label: JSON.stringify(claims) });
      }
      // typ values that contain at+jwt without being it: other token types (RFC 8725 §3.11).
      for (const typ of ['secevent+at+jwt', 'at+jwt+dpop']) {
        const token = await kit.validToken({ header: { typ } });
        evidence({
          token,
          clauses: ['RFC 8725 §3.11', 'RFC 9068 §2.1'],
          note: `signed by the issuer, typ ${typ}`,
        });
        await expectRejected(() => verify(token), { label: `typ ${typ}` });
      }
      await expectGenuineAccepted();
    });

    it('rejects a token signed with a key the issuer never published', async () => {
      const forger = await createTokenServer({ network: createSimulatedNetwork() });
      await forger.keys.rotate();
      const forged = (await forger.issueAccessToken({ sub: 'user-alice' })).token;
      evidence({
        token: forged,
        clauses: ['RFC 7515 §5.2'],
        note: 'right issuer name, key the issuer never published',
      });
      await expectRejected(() => verify(forged));
      await expectGenuineAccepted();
    });

    it("rejects, and does not revoke, algorithms off the ES256 allow-list, even signed by a key in the issuer's JWKS", async () => {
      const offList = [
        { label: 'RS256 by the published ID-token key', token: await kit.validToken({ key: idTokenKey }) },
        { label: 'ES384 by a published P-384 key', token: await kit.validToken({ key: es384Key }) },
        ...(await kit.attack('A2')).map(({ token, variant }) => ({ label: `alg none (${variant})`, token })),
        ...(await kit.attack('A10')).map(({ token, variant }) => ({
          label: `psychic ECDSA (${variant})`,
          token,
        })),
      ];
      for (const { label, token } of offList.slice(0, 2)) {
        evidence({ token, clauses: ['RFC 8725 §3.1'], note: label });
      }
      for (const { label, token } of offList) await expectRejected(() => verify(token), { label });
      for (const { label, token } of offList.slice(0, 2))
        await expectRevoked(token, false, `revoke of ${label}`);
      await expectSize(0, 'after revoking only tokens off the allow-list');
      await expectGenuineAccepted();
    });

    it('rejects, and does not revoke, an access token without exp or jti', async () => {
      for (const claim of ['exp', 'jti']) {
        const token = await kit.validToken({ omitClaims: [claim] });
        evidence({
          token,
          clauses: ['RFC 7519 §4.1.4', 'RFC 7519 §4.1.7'],
          note: `signed by the issuer, no ${claim}`,
        });
        await expectRejected(() => verify(token), { label: `a token without ${claim}` });
        await expectRevoked(token, false, `revoke of a token without ${claim}`);
      }
      const wrongType = await kit.validToken({ claims: { exp: String(labClock().nowSeconds() + 600) } });
      evidence({ token: wrongType, clauses: ['RFC 7519 §4.1.4'], note: 'exp given as a string' });
      await expectRejected(() => verify(wrongType), { label: 'a token whose exp is a string' });
      await expectSize(0, 'after revoking only tokens that do not verify');
      await expectGenuineAccepted();
    });

    it('rejects a revoked token with ERR_JWT_CLAIM_VALIDATION_FAILED on jti', async () => {
      const token = await accessToken();
      await expectAccepted(() => verify(token), { sub: 'user-alice' }, { label: 'before revocation' });
      await expectRevoked(token, true);
      evidence({ token, clauses: DENYLIST_CLAUSES, note: 'the revoked token itself, replayed' });
      await expectDenied(token, 'the revoked token');
    });

    it("keeps accepting the same user's other tokens after one is revoked", async () => {
      const stolen = await accessToken();
      const other = await accessToken();
      await expectRevoked(stolen, true);
      await expectAccepted(() => verify(other), { sub: 'user-alice' }, { label: "alice's other token" });
      await expectGenuineAccepted('user-bob');
    });

    it('asks the deny-list it was given, and refuses the token when that deny-list fails', async () => {
      const token = await accessToken();
      const deniesAll = {
        revoke: async () => true,
        isRevoked: () => true,
        size: () => 1,
      };
      const broken = {
        revoke: async () => true,
        isRevoked: (): boolean => {
          throw new Error('deny-list store unavailable');
        },
        size: () => 0,
      };
      const verifyDeniesAll = createAccessTokenVerifier(policy(), deniesAll);
      const verifyBroken = createAccessTokenVerifier(policy(), broken);
      evidence({
        token,
        clauses: ['RFC 7519 §7.2'],
        note: 'a valid token, checked against a deny-list that fails',
      });
      await expectRejected(() => verifyDeniesAll(token), {
        code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
        claim: 'jti',
        label: 'a deny-list that says revoked',
      });
      await expectRejected(() => verifyBroken(token), { label: 'a deny-list that throws' });
      await expectAccepted(
        () => verify(token),
        { sub: 'user-alice' },
        { label: 'the same token, own deny-list' },
      );
    });
    it("keeps each policy's own keys: two deny-lists and verifiers for two key sets in one module", async () => {
      // A second issuer deployment (same names, keys of its own), built after and then before the first's pieces.
      const tenant = await createTokenServer({ network: createSimulatedNetwork() });
      const { kid } = await tenant.keys.rotate();
      const tenantPolicy = {
        ...policy(),
        jwks: { keys: tenant.keys.jwks().keys.filter((jwk) => jwk.kid === kid) },
      };
      const tenantList = createDenyList(tenantPolicy);
      const verifyTenant = createAccessTokenVerifier(tenantPolicy, tenantList);
      const firstAgain = createDenyList(policy());
      const verifyFirstAgain = createAccessTokenVerifier(policy(), firstAgain);
      const ours = await accessToken();
      const theirs = (await tenant.issueAccessToken({ sub: 'user-alice' })).token;
      evidence({
        token: theirs,
        clauses: ['RFC 7515 §5.2'],
        note: "signed by the second policy's key, presented to the first policy's verifier",
      });
      await expectAccepted(
        () => verifyTenant(theirs),
        { sub: 'user-alice' },
        { label: 'second policy, own token' },
      );
      await expectRejected(() => verifyTenant(ours), { label: "second policy, the first policy's token" });
      await expectRejected(() => verify(theirs), { label: "first policy, the second policy's token" });
      await expectRejected(() => verifyFirstAgain(theirs), {
        label: "first policy built again, the second policy's token",
      });
      await expectAccepted(
        () => verifyFirstAgain(ours),
        { sub: 'user-alice' },
        { label: 'first policy built again' },
      );
      const tenantRevoked = await expectAccepted(() => tenantList.revoke(ours), undefined, {
        label: "second policy's revoke of the first policy's token",
      });
      expect(tenantRevoked, "second policy's revoke of the first policy's token").toBe(false);
      await expectRevoked(theirs, false, "first policy's revoke of the second policy's token");
      await expectSize(0, "after revoking only the other policy's token");
      await expectGenuineAccepted();
    });
  });

  describe('replayed in another encoding', () => {
    it('rejects the (r, n−s) ECDSA-malleated copy of a revoked token', async () => {
      const token = await accessToken();
      await expectVariantRejected(
        token,
        malleate(token),
        'revoked token with its ECDSA signature s replaced by n − s',
      );
    });

    it('rejects a revoked token with == padding appended to its signature', async () => {
      const token = await accessToken();
      await expectVariantRejected(token, `${token}==`, 'revoked token with base64 padding on its signature');
    });

    it('rejects a revoked token whose last signature character differs only in unused bits', async () => {
      const token = await accessToken();
      await expectVariantRejected(
        token,
        flipSpareBits(token),
        'revoked token with the spare bits of its last character flipped',
      );
    });
  });

  describe('bounded memory', () => {
    it('still rejects a revoked token one second before exp + clock tolerance', async () => {
      const token = await accessToken('user-alice', 300);
      await expectRevoked(token, true);
      await labClock().advance(300 + CLOCK_TOLERANCE - 1);
      evidence({
        token,
        clauses: DENYLIST_CLAUSES,
        note: 'past exp, but still inside the verifier clock tolerance',
      });
      await expectDenied(token, 'one second before exp + tolerance');
    });

    it('still rejects a revoked token in the last millisecond before exp + clock tolerance', async () => {
      const token = await accessToken('user-alice', 300);
      await expectRevoked(token, true);
      // jose compares whole seconds, floored: it accepts the token until the millisecond before exp + tolerance.
      const lastMs = (expOf(token) + CLOCK_TOLERANCE) * 1000 - 1;
      await labClock().advance((lastMs - labClock().nowMs()) / 1000);
      await expectAccepted(
        () => freshVerifier()(token),
        { sub: 'user-alice' },
        { label: 'never revoked, in the last millisecond' },
      );
      evidence({
        token,
        clauses: DENYLIST_CLAUSES,
        note: 'revoked, replayed 1 ms before exp + tolerance, when jose still accepts it',
      });
      await expectDenied(token, 'one millisecond before exp + tolerance');
      await expectSize(1, 'one millisecond before exp + tolerance');
    });

    it('keeps a revoked 30-day token denied until exp + clock tolerance', async () => {
      const days = 30;
      const token = await accessToken('user-alice', days * 86_400);
      await expectRevoked(token, true, `the ${days}-day token`);
      evidence({
        token,
        clauses: DENYLIST_CLAUSES,
        note: `a ${days}-day token (longer than the 2^31 − 1 ms a timer can wait), revoked and replayed`,
      });
      // The lab clock's own timers overflow past 2^31 − 1 ms too, so it moves in steps of at most 20 days.
      const lastMs = (expOf(token) + CLOCK_TOLERANCE) * 1000 - 1;
      for (const [seconds, when] of [
        [1, 'one second after revocation'],
        [20 * 86_400, '20 days after revocation'],
        [(lastMs - labClock().nowMs()) / 1000 - 20 * 86_400 - 1, 'one millisecond before exp + tolerance'],
      ] as const) {
        await labClock().advance(seconds);
        await expectSize(1, when);
        await expectDenied(token, `the ${days}-day token, ${when}`);
      }
      await labClock().advance(1.001);
      await expectSize(0, 'one second after exp + tolerance');
    });

    it('keeps every revocation of a mass sign-out: the first of 300 revoked tokens is still refused', async () => {
      const count = 300;
      const stolen = await accessToken('user-alice');
      await expectRevoked(stolen, true, 'the stolen token');
      const others = await Promise.all(Array.from({ length: count - 1 }, (_, i) => accessToken(`user-${i}`)));
      const outcomes = await Promise.all(others.map((token) => settle(() => denyList.revoke(token))));
      expect(
        outcomes.filter((outcome) => !outcome.accepted || outcome.value !== true).length,
        'revocations that did not resolve true',
      ).toBe(0);
      await expectSize(count, `after ${count} revocations`);
      evidence({
        token: stolen,
        clauses: [...DENYLIST_CLAUSES, 'OWASP ASVS 5.0 §7.4.1'],
        note: `the first of ${count} revoked tokens, replayed: no entry may be evicted before exp + tolerance`,
      });
      await expectDenied(stolen, `the first of ${count} revoked tokens`);
      await expectDenied(others[count - 2] ?? '', `the last of ${count} revoked tokens`);
    });

    it('revokes a token that is past exp but still inside the clock tolerance', async () => {
      const token = await accessToken('user-alice', 300);
      await labClock().advance(300 + CLOCK_TOLERANCE / 2);
      await expectAccepted(
        () => freshVerifier()(token),
        { sub: 'user-alice' },
        { label: 'inside the tolerance' },
      );
      evidence({
        token,
        clauses: DENYLIST_CLAUSES,
        note: 'revoked 15 s after exp, while the verifier still accepts it',
      });
      await expectRevoked(token, true, 'revoke inside the tolerance');
      await expectDenied(token, 'revoked inside the tolerance');
      await expectSize(1, 'after that revocation');
    });

    it('drops an entry once its token is past exp + clock tolerance', async () => {
      const shortLived = await accessToken('user-alice', 300);
      const longLived = await accessToken('user-alice', 900);
      await expectRevoked(shortLived, true, 'the 5-minute token');
      await expectRevoked(longLived, true, 'the 15-minute token');
      await expectSize(2, 'after two revocations');
      await labClock().advance(300 + CLOCK_TOLERANCE + 1);
      await expectSize(1, 'one second after the 5-minute token stopped verifying');
      evidence({
        token: shortLived,
        clauses: ['RFC 7519 §4.1.4'],
        note: 'revoked, replayed after exp + tolerance',
      });
      await expectRejected(() => verify(shortLived), { code: 'ERR_JWT_EXPIRED', label: 'the expired token' });
      await expectDenied(longLived, 'the 15-minute token, still revoked');
      await labClock().advance(600);
      await expectSize(0, 'once both tokens stopped verifying');
    });

    it('holds one entry when the same token is revoked in two encodings', async () => {
      const token = await accessToken();
      await expectRevoked(token, true);
      evidence({
        token: malleate(token),
        clauses: DENYLIST_CLAUSES,
        note: 'the same token, (r, n − s)-malleated, revoked a second time: still one entry',
      });
      await expectRevoked(malleate(token), true, 'the malleated copy');
      await expectSize(1, 'after revoking one token in two encodings');
      // The same, with both encodings revoked at once.
      const racing = await accessToken();
      const outcomes = await Promise.all(
        [racing, flipSpareBits(racing), `${racing}==`].map((copy) => settle(() => denyList.revoke(copy))),
      );
      expect(outcomes.map((outcome) => (outcome.accepted ? outcome.value : 'threw'))).toEqual([
        true,
        true,
        true,
      ]);
      await expectSize(2, 'after revoking a second token in three encodings at once');
    });

    it('records nothing when asked to revoke a forged token', async () => {
      const forger = await createTokenServer({ network: createSimulatedNetwork() });
      await forger.keys.rotate();
      const forged = (await forger.issueAccessToken({ sub: 'user-alice', expiresIn: 10 * 365 * 86_400 }))
        .token;
      evidence({
        token: forged,
        clauses: ['OWASP ASVS 5.0 §9.1.1'],
        note: 'forged token with a ten-year exp posted to revoke',
      });
      await expectRevoked(forged, false, 'the forged token');
      await expectSize(0, 'after the forged revocation');
      await expectRevoked(await accessToken(), true, 'a genuine token');
      await expectSize(1, 'after a genuine revocation');
    });
    it('records nothing for self-signed tokens that carry or point at their own key, even with a genuine jti', async () => {
      const victim = await server.issueAccessToken({ sub: 'user-alice' });
      const own = await kit.attacker.key('ES256');
      const forged = [
        {
          label: 'jwk header, unknown kid',
          token: await kit.validToken({
            key: own,
            header: { jwk: own.publicJwk },
            claims: { exp: labClock().nowSeconds() + 10 * 365 * 86_400 },
          }),
        },
        {
          label: "jwk header, unknown kid, the victim's jti",
          token: await kit.validToken({
            key: own,
            header: { jwk: own.publicJwk },
            claims: { jti: victim.jti },
          }),
        },
        {
          label: 'jwk header, no kid',
          token: await kit.validToken({ key: own, header: { jwk: own.publicJwk }, omitHeader: ['kid'] }),
        },
        ...[...(await kit.attack('A9')), ...(await kit.attack('A8'))].map(({ token, variant }) => ({
          label: variant,
          token,
        })),
      ];
      for (const { label, token } of forged.slice(0, 3)) {
        evidence({
          token,
          clauses: ['RFC 8725 §3.10', 'RFC 7515 §4.1.3'],
          note: `forged, posted to revoke: ${label}`,
        });
      }
      for (const { label, token } of forged) {
        await expectRevoked(token, false, `revoke of a forged token (${label})`);
        await expectRejected(() => verify(token), { label: `a forged token (${label})` });
      }
      await expectSize(0, 'after revoking only forged tokens');
      await expectAccepted(
        () => verify(victim.token),
        { sub: 'user-alice', jti: victim.jti },
        {
          label: 'the genuine token whose jti a forgery reused',
        },
      );
      expect(kit.host.hits(), 'requests that reached the attacker host').toBe(0);
    });
  });

  describe('legitimate traffic', () => {
    it('accepts genuine tokens after attacks and revocations, mixed among them in a shuffled order', async () => {
      const genuine = await Promise.all(['user-a', 'user-b', 'user-c'].map((sub) => accessToken(sub)));
      const revoked = await accessToken('user-alice');
      await expectRevoked(revoked, true);
      const attacks = [
        revoked,
        malleate(revoked),
        (await server.issueAccessToken({ audience: 'https://other-api.example.test' })).token,
        await kit.validToken({ key: idTokenKey }),
        await kit.validToken({ omitClaims: ['jti'] }),
      ];
      for (const token of attacks) {
        evidence({
          token,
          clauses: [...DENYLIST_CLAUSES, 'RFC 8725 §3.1', 'RFC 8725 §3.9'],
          note: 'One of five hostile tokens (revoked, re-encoded revoked, aud, alg, no jti) among genuine ones.',
        });
      }
      const order = shuffle(
        [
          ...genuine.map((token) => ({ token, genuine: true })),
          ...attacks.map((token) => ({ token, genuine: false })),
        ],
        SHUFFLE_SEED,
      );
      const verdicts: string[] = [];
      for (const { token, genuine: isGenuine } of order) {
        const outcome = await settle(() => verify(token));
        verdicts.push(`${isGenuine ? 'genuine' : 'attack'} ${outcome.accepted ? 'accepted' : 'rejected'}`);
      }
      const expected = order.map(({ genuine: isGenuine }) =>
        isGenuine ? 'genuine accepted' : 'attack rejected',
      );
      expect(verdicts, `verdicts in shuffled order (seed ${SHUFFLE_SEED})`).toEqual(expected);
    });
  });
});
