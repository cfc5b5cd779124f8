import { beforeEach, describe, expect, it } from 'vitest';
import { createAccessTokenVerifier, createSessionCutoffs } from '@lab/submission';
import {
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

const CUTOFF_CLAUSES = ['OWASP ASVS 5.0 §7.4.1', 'OWASP ASVS 5.0 §7.4.3'];
/** The seed of the shuffled order of genuine and cut-off tokens (named in the failure message). */
const SHUFFLE_SEED = 0x10_6047;

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
let cutoffs: ReturnType<typeof createSessionCutoffs>;
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
    clockToleranceSeconds: 30,
  };
}

async function accessToken(sub = 'user-alice'): Promise<string> {
  return (await server.issueAccessToken({ sub })).token;
}

/** Logout everywhere for `sub`, through the learner's store. */
async function endSessions(sub: string): Promise<void> {
  await expectAccepted(() => cutoffs.endSessions(sub), undefined, { label: `endSessions(${sub})` });
}

/** The refusal the statement names: `JWTClaimValidationFailed` on claim `iat`, reason `check_failed`. */
async function expectCutOff(token: string, note: string): Promise<void> {
  evidence({ token, clauses: CUTOFF_CLAUSES, note });
  const thrown = await expectRejected(() => verify(token), {
    code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    claim: 'iat',
    label: note,
  });
  expect(thrown.value, `${note}: the error's reason`).toMatchObject({ reason: 'check_failed' });
}

async function expectValid(token: string, sub: string, label: string): Promise<void> {
  await expectAccepted(() => verify(token), { sub }, { label });
}

/** The positive control: a fresh genuine token for `sub` is accepted. */
async function expectGenuineAccepted(sub = 'user-alice'): Promise<void> {
  await expectValid(await accessToken(sub), sub, `a genuine token for ${sub}`);
}

beforeEach(async () => {
  server = await createTokenServer();
  kit = labAttacker(server);
  idTokenKey = await loadSimulationKey('RS256');
  es384Key = await kit.attacker.key('ES384', 'as-es384');
  cutoffs = createSessionCutoffs();
  verify = createAccessTokenVerifier(policy(), cutoffs);
});

describe('session cutoff', () => {
  describe('verify', () => {
    it('accepts a valid access token', async () => {
      const { token, jti } = await server.issueAccessToken({ sub: 'user-alice' });
      await expectAccepted(() => verify(token), { sub: 'user-alice', iss: server.issuer, jti });
    });

    it("rejects the issuer's tokens meant for something else: another API, an ID token", async () => {
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
      await expectGenuineAccepted();
    });

    it('rejects aud and iss values that only look like the policy: prefix, suffix, case, trailing slash', async () => {
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
      await expectGenuineAccepted();
    });

    it('rejects a token signed with a key the issuer never published', async () => {
      const forged = await kit.validToken({
        key: await kit.attacker.key('ES256'),
        header: { kid: server.keys.signingKey().kid },
      });
      evidence({ token: forged, clauses: ['RFC 7515 §5.2'], note: "attacker's key under the issuer's kid" });
      await expectRejected(() => verify(forged));
      await expectGenuineAccepted();
    });

    it("rejects algorithms off the ES256 allow-list, even signed by a key in the issuer's JWKS", async () => {
      const offList = [
        { label: 'RS256 by the published ID-token key', token: await kit.validToken({ key: idTokenKey }) },
        { label: 'ES384 by a published P-384 key', token: await kit.validToken({ key: es384Key }) },
      ];
      for (const { label, token } of offList) evidence({ token, clauses: ['RFC 8725 §3.1'], note: label });
      const attacks = [
        ...offList,
        ...(await kit.attack('A2')).map(({ token, variant }) => ({ label: `alg none (${variant})`, token })),
      ];
      for (const { label, token } of attacks) await expectRejected(() => verify(token), { label });
      await expectGenuineAccepted();
    });

    it('rejects an access token without exp, iat or sub, or with an iat that is not a number', async () => {
      for (const claim of ['exp', 'iat', 'sub']) {
        const token = await kit.validToken({ omitClaims: [claim] });
        evidence({
          token,
          clauses: ['RFC 9068 §2.2', ...CUTOFF_CLAUSES],
          note: `signed by the issuer, no ${claim}`,
        });
        await expectRejected(() => verify(token), { label: `a token without ${claim}` });
      }
      const textIat = await kit.validToken({ claims: { iat: String(labClock().nowSeconds()) } });
      evidence({ token: textIat, clauses: ['RFC 7519 §4.1.6'], note: 'iat given as a string' });
      await expectRejected(() => verify(textIat), { label: 'a token whose iat is a string' });
      await expectGenuineAccepted();
    });

    it('asks the cutoff store it was given, and refuses the token when that store fails', async () => {
      const token = await accessToken();
      const endedLater = { endSessions: () => undefined, cutoffFor: () => Date.now() + 60_000 };
      const broken = {
        endSessions: () => undefined,
        cutoffFor: (): number | undefined => {
          throw new Error('cutoff store unavailable');
        },
      };
      const verifyEnded = createAccessTokenVerifier(policy(), endedLater);
      const verifyBroken = createAccessTokenVerifier(policy(), broken);
      evidence({
        token,
        clauses: ['RFC 7519 §7.2'],
        note: 'a valid token, checked against a cutoff store that fails',
      });
      await expectRejected(() => verifyEnded(token), {
        code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
        claim: 'iat',
        label: 'a store whose cutoff is after the token',
      });
      await expectRejected(() => verifyBroken(token), { label: 'a store that throws' });
      await expectValid(token, 'user-alice', 'the same token, own store');
    });
  });

  describe('after endSessions', () => {
    it("rejects the user's tokens issued before the cutoff with ERR_JWT_CLAIM_VALIDATION_FAILED on iat", async () => {
      const stolen = await accessToken();
      await labClock().advance(60);
      await expectValid(stolen, 'user-alice', 'before the logout');
      await endSessions('user-alice');
      await expectCutOff(stolen, 'token minted by the stolen session a minute before the password change');
      await labClock().advance(600);
      evidence({
        token: stolen,
        clauses: ['RFC 7519 §4.1.4'],
        note: 'the cut-off token, replayed after its exp',
      });
      await expectRejected(() => verify(stolen), { label: 'the cut-off token after its exp' });
      await expectGenuineAccepted();
    });

    it("cuts off the user's tokens from every client, not only the one that signed out", async () => {
      const web = await kit.validToken({ claims: { sub: 'user-alice', client_id: 'web-app' } });
      const mobile = await kit.validToken({ claims: { sub: 'user-alice', client_id: 'mobile-app' } });
      await labClock().advance(5);
      await endSessions('user-alice');
      await expectCutOff(web, "alice's token for the web app after she signed out everywhere");
      await expectCutOff(mobile, "alice's token for the mobile app after she signed out everywhere");
    });

    it('rejects a token issued earlier in the same second as the cutoff', async () => {
      await labClock().advance(0.2);
      const stolen = await accessToken();
      await labClock().advance(0.3);
      await endSessions('user-alice');
      await expectCutOff(stolen, 'token minted 300 ms before the logout, in the same second');
      // The same with the logout in the first half of its second (rounding the cutoff would skip that second),
      // and in its last millisecond.
      for (const [sub, mintAt, endAt] of [
        ['user-carol', 0.1, 0.4],
        ['user-dave', 0, 0.999],
      ] as const) {
        await labClock().advance(Math.ceil(labClock().nowMs() / 1000) - labClock().nowMs() / 1000 + mintAt);
        const token = await accessToken(sub);
        await labClock().advance(endAt - mintAt);
        await endSessions(sub);
        await expectCutOff(
          token,
          `${sub}'s token minted at ${mintAt * 1000} ms, logout at ${endAt * 1000} ms of one second`,
        );
      }
    });

    it('keeps accepting tokens issued in a later second than the cutoff', async () => {
      await labClock().advance(0.5);
      await endSessions('user-alice');
      await labClock().advance(0.5);
      // Issued at the first whole second after the cutoff: `iat * 1000` is 500 ms past it.
      await expectGenuineAccepted();
      await labClock().advance(30);
      await expectGenuineAccepted();
    });

    it("keeps accepting other users' tokens", async () => {
      const alice = await accessToken('user-alice');
      // Look-alikes of alice's sub are other users: sub is compared exactly (RFC 7519 §2).
      // Unicode look-alikes too: full-width letters (equal under NFKC) and the decomposed and precomposed forms
      // of one accented name (equal under NFC or NFD) are distinct subs.
      const others = [
        'user-bob',
        'user-alice2',
        'user-alic',
        'User-Alice',
        'user-alice ',
        '\uff55\uff53\uff45\uff52-alice',
        'user-am\u00e9lie',
        'user-zoe\u0308',
      ];
      const tokens = await Promise.all(
        others.map(async (sub) => ({ sub, token: await kit.validToken({ claims: { sub } }) })),
      );
      await labClock().advance(60);
      await endSessions('user-alice');
      await endSessions('user-ame\u0301lie');
      await endSessions('user-zo\u00eb');
      for (const { sub, token } of tokens) await expectValid(token, sub, `${JSON.stringify(sub)}'s token`);
      await expectCutOff(alice, "alice's token after alice signed out everywhere");
    });

    it('cuts off users whose sub is also the name of an Object.prototype member', async () => {
      for (const sub of ['__proto__', 'constructor', 'toString']) {
        const token = await kit.validToken({ claims: { sub } });
        await expectValid(token, sub, `${sub}'s token before any logout`);
        await labClock().advance(5);
        await endSessions(sub);
        await expectCutOff(token, `the token of user "${sub}" after that user signed out everywhere`);
      }
      await expectGenuineAccepted();
    });

    it('cuts off tokens issued between two logouts', async () => {
      await labClock().advance(10);
      await endSessions('user-alice');
      await labClock().advance(10);
      const between = await accessToken();
      await expectValid(between, 'user-alice', 'after the first logout');
      await labClock().advance(10);
      await endSessions('user-alice');
      await expectCutOff(between, 'token minted after the first logout, before the password change');
    });

    it('keeps a cutoff for as long as a token it covers could verify: 1 hour, 30 days, inside the exp tolerance', async () => {
      const lifetimes = [600, 3_600, 30 * 86_400];
      const tokens = await Promise.all(
        lifetimes.map(async (expiresIn) => ({
          expiresIn,
          token: (await server.issueAccessToken({ sub: 'user-alice', expiresIn })).token,
        })),
      );
      await labClock().advance(5);
      await endSessions('user-alice');
      const start = labClock().nowMs() - 5_000;
      for (const { expiresIn } of tokens) {
        // One second before exp + tolerance of each token, in steps of at most 20 days (timers overflow past 2^31 − 1 ms).
        let remaining = (start + (expiresIn + 30 - 1) * 1000 - labClock().nowMs()) / 1000;
        while (remaining > 0) {
          const step = Math.min(remaining, 20 * 86_400);
          await labClock().advance(step);
          remaining -= step;
        }
        for (const later of tokens.filter((t) => t.expiresIn >= expiresIn)) {
          await expectCutOff(
            later.token,
            `a ${later.expiresIn} s token minted before the logout, replayed one second before ${expiresIn} s + tolerance`,
          );
        }
      }
      await expectGenuineAccepted();
    });

    it('keeps every cutoff of a mass logout: alice stays cut off after 10,000 other users sign out', async () => {
      const stolen = await accessToken('user-alice');
      const bob = await accessToken('user-bob');
      await labClock().advance(5);
      await endSessions('user-alice');
      await expectAccepted(
        () => {
          for (let i = 0; i < 10_000; i += 1) cutoffs.endSessions(`user-${i}`);
        },
        undefined,
        { label: 'endSessions for 10,000 other users (a forced password reset)' },
      );
      await expectCutOff(stolen, "alice's token, after 10,000 other users signed out after her");
      await expectValid(bob, 'user-bob', "bob's token (bob never signed out)");
      await labClock().advance(1);
      await expectGenuineAccepted();
    });

    it('keeps each store to itself: a logout in one store gives another no cutoff', async () => {
      const alice = await accessToken('user-alice');
      const carol = await accessToken('user-carol');
      const other = createSessionCutoffs();
      const verifyOther = createAccessTokenVerifier(policy(), other);
      await labClock().advance(5);
      await endSessions('user-alice');
      await expectAccepted(() => other.endSessions('user-carol'), undefined, {
        label: 'endSessions(user-carol), other store',
      });
      await expectCutOff(alice, "alice's token, in the store where alice signed out");
      const otherAlice = await expectAccepted(() => other.cutoffFor('user-alice'), undefined, {
        label: "the other store's cutoff for alice",
      });
      expect(otherAlice, "the other store's cutoff for alice").toBeUndefined();
      await expectAccepted(
        () => verifyOther(alice),
        { sub: 'user-alice' },
        { label: "alice's token, other store" },
      );
      await expectValid(carol, 'user-carol', "carol's token, in the store where carol never signed out");
      await expectRejected(() => verifyOther(carol), {
        code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
        claim: 'iat',
        label: "carol's token, in the store where carol signed out",
      });
    });

    it('refuses a token whose verification was still in progress when its user signed out', async () => {
      const stolen = await accessToken('user-alice');
      await labClock().advance(5);
      evidence({
        token: stolen,
        clauses: CUTOFF_CLAUSES,
        note: 'verification started, then the user signed out everywhere before it finished',
      });
      const pending = verify(stolen);
      // settle calls endSessions at once, before the verification above can finish.
      const ended = settle(() => cutoffs.endSessions('user-alice'));
      const thrown = await expectRejected(() => pending, {
        code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
        claim: 'iat',
        label: 'the verification in progress when alice signed out',
      });
      expect(thrown.value, "the error's reason").toMatchObject({ reason: 'check_failed' });
      expect((await ended).accepted, 'endSessions(user-alice) returned').toBe(true);
      await labClock().advance(1);
      await expectGenuineAccepted();
    });

    it('rejects a token without iat, which no cutoff can place', async () => {
      await endSessions('user-alice');
      await labClock().advance(5);
      const undated = await kit.validToken({ omitClaims: ['iat'], claims: { sub: 'user-alice' } });
      evidence({
        token: undated,
        clauses: ['RFC 7519 §4.1.6', ...CUTOFF_CLAUSES],
        note: 'issuer-signed token without iat',
      });
      await expectRejected(() => verify(undated), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
      await expectValid(
        await kit.validToken({ claims: { sub: 'user-alice' } }),
        'user-alice',
        'a dated token',
      );
    });
  });

  describe('legitimate traffic', () => {
    it('accepts genuine tokens after cut-off ones, in a shuffled order and concurrently', async () => {
      const cutOff = [await accessToken('user-alice'), await accessToken('user-carol')];
      await labClock().advance(20);
      await endSessions('user-alice');
      await endSessions('user-carol');
      await labClock().advance(1);
      const genuine = [
        { sub: 'user-alice', token: await accessToken('user-alice') },
        { sub: 'user-bob', token: await accessToken('user-bob') },
        { sub: 'user-carol', token: await accessToken('user-carol') },
      ];
      for (const token of cutOff) {
        evidence({
          token,
          clauses: CUTOFF_CLAUSES,
          note: 'issued before its user signed out, among genuine tokens',
        });
      }
      const order = shuffle(
        [
          ...genuine.map(({ token }) => ({ token, genuine: true })),
          ...cutOff.map((token) => ({ token, genuine: false })),
        ],
        SHUFFLE_SEED,
      );
      const expected = order.map(({ genuine: isGenuine }) =>
        isGenuine ? 'genuine accepted' : 'cut-off rejected',
      );
      const describe = (isGenuine: boolean, accepted: boolean) =>
        `${isGenuine ? 'genuine' : 'cut-off'} ${accepted ? 'accepted' : 'rejected'}`;
      const inSequence: string[] = [];
      for (const { token, genuine: isGenuine } of order) {
        inSequence.push(describe(isGenuine, (await settle(() => verify(token))).accepted));
      }
      expect(inSequence, `verdicts in shuffled order (seed ${SHUFFLE_SEED})`).toEqual(expected);
      const together = await Promise.all(order.map(({ token }) => settle(() => verify(token))));
      expect(
        together.map((outcome, i) => describe(order[i]?.genuine ?? false, outcome.accepted)),
        `verdicts of the same tokens verified concurrently (seed ${SHUFFLE_SEED})`,
      ).toEqual(expected);
    });
  });
});
