import { beforeEach, describe, expect, it } from 'vitest';
import { validateIdToken, verifyApiAccessToken } from '@lab/submission';
import {
  createTokenServer,
  evidence,
  expectAccepted,
  expectRejected,
  labAttacker,
  labClock,
  labNetwork,
  attackerHost,
  loadSimulationKey,
  recordAttack,
  settle,
  untilIdle,
  type AttackId,
  type AttackToken,
  type LabAttacker,
  type SigningKey,
  type TokenChanges,
  type TokenServer,
} from '@lab/server';
import { base64url } from 'jose';

/**
 * This application's identifier: its client_id at the provider, and the identifier its own API is registered
 * under, so an ID token for the app also names the API in its `aud`.
 */
const APP = 'https://app.example.test';
const OTHER_CLIENT = 'https://other-app.example.test';
const ID_TOKEN_CLAUSES = ['OpenID Connect Core 1.0 §3.1.3.7'];

let as: TokenServer;
/** Hostile and genuine ID tokens: signed by the provider's key unless the attack says otherwise. */
let idTokens: LabAttacker;
/** Hostile and genuine access tokens for the app's API. */
let accessTokens: LabAttacker;
/** An RS256 key the provider also publishes (for clients registered for RS256): in the JWKS, off this allow-list. */
let rs256Key: SigningKey;
/** The nonce this browser session sent (fresh for every check, so no answer can know it in advance). */
let nonce: string;
let config: { issuer: string; clientId: string; jwksUri: string };
/** A second provider (another tenant) with a key of its own, on the same network. */
const ISSUER_B = 'https://login.tenant-b.example.test';
let keyB: SigningKey;
let configB: { issuer: string; clientId: string; jwksUri: string };
let api: { issuer: string; audience: string; jwksUri: string };

function randomNonce(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(16)));
}

/** A genuine ID token for this login, as the provider's token endpoint returns it. */
async function genuineIdToken(
  input: { audience?: string[]; azp?: string; expiresIn?: number } = {},
): Promise<string> {
  return (await as.issueIdToken({ clientId: APP, sub: 'user-alice', nonce, ...input })).token;
}

/** An ID token signed by the provider's key with one thing changed. */
function idTokenWith(changes: TokenChanges, note: string): Promise<string> {
  return idTokens.validToken(changes).then((token) => {
    evidence({ token, clauses: ID_TOKEN_CLAUSES, note });
    return token;
  });
}

/** The positive control around every attack: this session's genuine ID token is accepted. */
async function expectGenuineAccepted(label = 'a genuine ID token'): Promise<void> {
  const token = await genuineIdToken();
  await expectAccepted(
    () => validateIdToken(token, config, { nonce }),
    { sub: 'user-alice', nonce, aud: APP },
    { label },
  );
}

async function expectIdTokenRefused(token: string, label: string): Promise<void> {
  await expectRejected(() => validateIdToken(token, config, { nonce }), { label });
}

/** The variants of attack `id` the validator accepted (each recorded as evidence). */
async function acceptedVariants(kit: LabAttacker, id: AttackId, by: 'client' | 'api'): Promise<string[]> {
  const tokens: AttackToken[] = await kit.mint(id);
  expect(tokens.length).toBeGreaterThan(0);
  const accepted: string[] = [];
  for (const token of tokens) {
    recordAttack(token);
    const outcome = await settle(() =>
      by === 'client'
        ? validateIdToken(token.token, config, { nonce })
        : verifyApiAccessToken(token.token, api),
    );
    if (outcome.accepted) accepted.push(token.variant);
  }
  return accepted;
}

/** An ID token for this app signed by `key`, naming `issuer` (another provider's token, or a forgery). */
function idTokenSignedBy(
  key: NonNullable<TokenChanges['key']>,
  issuer: string,
  note: string,
  changes: { header?: Record<string, unknown>; omitHeader?: string[]; nonce?: string; sub?: string } = {},
): Promise<string> {
  return idTokenWith(
    {
      key,
      claims: { iss: issuer, sub: changes.sub ?? 'user-alice', nonce: changes.nonce ?? nonce },
      ...(changes.header ? { header: changes.header } : {}),
      ...(changes.omitHeader ? { omitHeader: changes.omitHeader } : {}),
    },
    note,
  );
}

/**
 * A key set on an origin fresh to the check whose first request is held until a second arrives or the simulation
 * is idle: two callbacks that each fetch the keys are then both in flight before either reads the nonce.
 */
function heldKeySet(): { jwksUri: string; release: () => void; bothIn: Promise<void> } {
  const origin = `https://keys-${crypto.randomUUID()}.example.test`;
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let second!: () => void;
  const secondArrived = new Promise<void>((resolve) => {
    second = resolve;
  });
  let arrivals = 0;
  labNetwork().register(origin, async () => {
    arrivals += 1;
    if (arrivals === 2) second();
    await released;
    return Response.json(as.keys.jwks());
  });
  return {
    jwksUri: `${origin}/jwks.json`,
    release,
    bothIn: Promise.race([secondArrived, untilIdle()]),
  };
}

/** The seed of the shuffled order (reported in the failure message). */
const SHUFFLE_SEED = 0x01dc_3175;

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

beforeEach(async () => {
  as = await createTokenServer({ audience: APP });
  rs256Key = await loadSimulationKey('RS256');
  as.close();
  labNetwork().register(as.issuer, (request) => {
    if (request.url !== as.endpoints.jwks) return as.fetch(request);
    return Promise.resolve(Response.json({ keys: [...as.keys.jwks().keys, rs256Key.publicJwk] }));
  });
  keyB = await loadSimulationKey('ES256', 7);
  labNetwork().register(ISSUER_B, () => Promise.resolve(Response.json({ keys: [keyB.publicJwk] })));
  configB = { issuer: ISSUER_B, clientId: APP, jwksUri: `${ISSUER_B}/jwks.json` };
  nonce = randomNonce();
  idTokens = labAttacker(as, {
    audience: APP,
    typ: 'JWT',
    claims: { sub: 'user-alice', nonce },
    lifetimeSeconds: 600,
  });
  accessTokens = labAttacker(as, { audience: APP });
  config = { issuer: as.issuer, clientId: APP, jwksUri: as.endpoints.jwks };
  api = { issuer: as.issuer, audience: APP, jwksUri: as.endpoints.jwks };
});

describe('validateIdToken', () => {
  describe('genuine logins', () => {
    it('accepts the ID token of this login, with aud as a string or a one-member array', async () => {
      await expectGenuineAccepted();
      const asArray = await idTokenWith({ claims: { aud: [APP] } }, 'aud as a one-member array');
      await expectAccepted(
        () => validateIdToken(asArray, config, { nonce }),
        { sub: 'user-alice', nonce },
        { label: 'aud [client_id]' },
      );
    });

    it('accepts several audiences when azp names this client', async () => {
      const token = await genuineIdToken({ audience: [APP, 'https://calendar.example.test'] });
      await expectAccepted(
        () => validateIdToken(token, config, { nonce }),
        { azp: APP, nonce },
        { label: 'two audiences, azp this client' },
      );
      const single = await genuineIdToken({ azp: APP });
      await expectAccepted(
        () => validateIdToken(single, config, { nonce }),
        { azp: APP },
        { label: 'one audience and azp this client' },
      );
    });

    it('accepts an ID token a minute old and a minute from its exp', async () => {
      const token = await genuineIdToken({ expiresIn: 120 });
      await labClock().advance(60);
      await expectAccepted(
        () => validateIdToken(token, config, { nonce }),
        { nonce },
        { label: 'a minute after login, a minute before exp' },
      );
    });

    it('answers genuine and hostile ID tokens, shuffled, each as it deserves', async () => {
      const other = randomNonce();
      const cases: Array<{ label: string; genuine: boolean; token: () => Promise<string> }> = [
        ...['first', 'second', 'third'].map((n) => ({
          label: `genuine, ${n}`,
          genuine: true,
          token: () => genuineIdToken(),
        })),
        {
          label: 'another session',
          genuine: false,
          token: async () => (await as.issueIdToken({ clientId: APP, nonce: other })).token,
        },
        {
          label: 'another client',
          genuine: false,
          token: async () => (await as.issueIdToken({ clientId: OTHER_CLIENT, nonce })).token,
        },
        {
          label: 'another issuer',
          genuine: false,
          token: () => idTokenWith({ claims: { iss: 'https://login.example.test' } }, 'iss another provider'),
        },
      ];
      const wrong: string[] = [];
      for (const c of shuffle(cases, SHUFFLE_SEED)) {
        const token = await c.token();
        const outcome = await settle(() => validateIdToken(token, config, { nonce }));
        if (outcome.accepted !== c.genuine)
          wrong.push(`${c.label} was ${outcome.accepted ? 'accepted' : 'refused'}`);
      }
      expect(wrong.join('; '), `shuffled with seed 0x${SHUFFLE_SEED.toString(16)}`).toBe('');
    });
  });

  describe('who issued it and for whom (Core §3.1.3.7 steps 2–5)', () => {
    it('refuses an ID token whose iss is not exactly the provider', async () => {
      const issuer = as.issuer;
      for (const iss of [
        `${issuer}/`,
        issuer.toUpperCase(),
        `${issuer}.evil.test`,
        'https://login.example.test',
        issuer.replace('https:', 'http:'),
        [issuer],
      ]) {
        await expectIdTokenRefused(
          await idTokenWith({ claims: { iss } }, `iss ${JSON.stringify(iss)}`),
          `iss ${JSON.stringify(iss)}`,
        );
      }
      await expectIdTokenRefused(await idTokenWith({ omitClaims: ['iss'] }, 'no iss'), 'no iss');
      await expectGenuineAccepted('a genuine ID token afterwards');
    });

    it('refuses an ID token issued to another client', async () => {
      for (const aud of [
        OTHER_CLIENT,
        `${APP}/`,
        APP.toUpperCase(),
        `${APP}.evil.test`,
        [OTHER_CLIENT],
        [],
      ]) {
        await expectIdTokenRefused(
          await idTokenWith({ claims: { aud } }, `aud ${JSON.stringify(aud)}`),
          `aud ${JSON.stringify(aud)}`,
        );
      }
      await expectIdTokenRefused(await idTokenWith({ omitClaims: ['aud'] }, 'no aud'), 'no aud');
      await expectGenuineAccepted('a genuine ID token afterwards');
    });

    it('refuses several audiences without azp, and an azp that is not this client', async () => {
      const two = [APP, OTHER_CLIENT];
      await expectIdTokenRefused(
        await idTokenWith({ claims: { aud: two } }, 'two audiences, no azp'),
        'two audiences, no azp',
      );
      for (const azp of [OTHER_CLIENT, `${APP}/`, APP.toUpperCase()]) {
        const label = `two audiences, azp ${azp}`;
        await expectIdTokenRefused(await idTokenWith({ claims: { aud: two, azp } }, label), label);
      }
      // One audience, this client, but azp says the token was issued to another: it was not issued to us.
      const stray = await idTokenWith({ claims: { azp: OTHER_CLIENT } }, 'aud this client, azp another');
      await expectIdTokenRefused(stray, 'aud this client, azp another client');
      await expectGenuineAccepted('a genuine ID token afterwards');
    });

    it('refuses an access token presented as an ID token', async () => {
      // Its aud is the app's own API, signed by the same provider: only a login's claims are missing.
      const { token } = await as.issueAccessToken({ audience: APP, sub: 'user-alice' });
      evidence({
        token,
        clauses: ID_TOKEN_CLAUSES,
        note: 'An access token for the app’s API, offered as an ID token.',
      });
      await expectIdTokenRefused(token, 'an access token');
      await expectGenuineAccepted('a genuine ID token afterwards');
    });
  });

  describe('the signature (Core §3.1.3.7 steps 6–8)', () => {
    it('refuses alg none in every spelling', async () => {
      await expectGenuineAccepted();
      expect(await acceptedVariants(idTokens, 'A2', 'client'), 'accepted variants of alg none').toEqual([]);
    });

    it('refuses an algorithm off the allow-list, even when a key the provider publishes verifies it', async () => {
      await expectGenuineAccepted();
      const rs256 = await idTokens.validToken({ key: rs256Key });
      evidence({
        token: rs256,
        clauses: ['OpenID Connect Core 1.0 §3.1.3.7', 'RFC 8725 §3.1'],
        note: 'Signed RS256 by a key the provider publishes; this client allows ES256 only.',
      });
      await expectIdTokenRefused(rs256, 'RS256 by a published key');
      expect(
        await acceptedVariants(idTokens, 'A5', 'client'),
        'accepted variants of algorithm confusion',
      ).toEqual([]);
    });

    it('refuses edited, unsigned and self-signed ID tokens', async () => {
      await expectGenuineAccepted();
      const [head, body] = (await genuineIdToken()).split('.');
      await expectIdTokenRefused(`${head}.${body}.`, 'the signature removed');
      for (const id of ['A1', 'A9'] as const) {
        expect(await acceptedVariants(idTokens, id, 'client'), `accepted variants of ${id}`).toEqual([]);
      }
      await expectGenuineAccepted('a genuine ID token afterwards');
    });

    it('refuses an ID token signed by a key the provider does not publish, with an unknown kid, none or the provider’s', async () => {
      await expectGenuineAccepted();
      const attackerKey = await attackerHost().attacker.key('ES256');
      const providerKid = as.keys.signingKey().kid;
      const forgeries: Array<[string, Parameters<typeof idTokenSignedBy>[3]]> = [
        ['the forger’s own kid, which the provider does not publish', {}],
        ['a kid that looks like a fresh rotation', { header: { kid: 'rotated-2026-01' } }],
        ['no kid', { omitHeader: ['kid'] }],
        ['the provider’s kid', { header: { kid: providerKid } }],
      ];
      for (const [label, changes] of forgeries) {
        const token = await idTokenSignedBy(
          attackerKey,
          as.issuer,
          `Signed by the forger: ${label}.`,
          changes,
        );
        await expectIdTokenRefused(token, label);
      }
      await expectGenuineAccepted('a genuine ID token afterwards');
    });

    it('takes keys only from config.jwksUri, never from a jku or x5u in the token, even one under the issuer’s URL', async () => {
      await expectGenuineAccepted();
      const attackerKey = await attackerHost().attacker.key('ES256');
      const lookAlikes = [`${as.issuer}.evil.test`, `${as.issuer}:8443`, `${as.issuer}@evil.example.test`];
      for (const origin of lookAlikes)
        labNetwork().register(new URL(origin).origin, () =>
          Promise.resolve(Response.json({ keys: [attackerKey.publicJwk] })),
        );
      const before = labNetwork().log.entries.length;
      for (const origin of lookAlikes) {
        const jku = `${origin}/jwks.json`;
        const token = await idTokenSignedBy(attackerKey, as.issuer, `jku ${jku}, the forger’s key set`, {
          header: { jku },
        });
        await expectIdTokenRefused(token, `jku ${jku}`);
      }
      expect(await acceptedVariants(idTokens, 'A8', 'client'), 'accepted variants of jku / x5u').toEqual([]);
      const elsewhere = labNetwork()
        .log.entries.slice(before)
        .map((entry) => entry.url)
        .filter((url) => url !== config.jwksUri);
      expect(elsewhere, 'requests to anything but config.jwksUri').toEqual([]);
      await expectGenuineAccepted('a genuine ID token afterwards');
    });

    it('refuses a forged ID token while the provider’s keys do not answer', async () => {
      await expectGenuineAccepted('a genuine ID token with keys that answer');
      const keysOrigin = `https://keys-${crypto.randomUUID()}.example.test`;
      labNetwork().register(keysOrigin, () => new Promise<Response>(() => {}));
      const hung = { ...config, jwksUri: `${keysOrigin}/jwks.json` };
      const attackerKey = await attackerHost().attacker.key('ES256');
      const providerKid = as.keys.signingKey().kid;
      const forged = await idTokenSignedBy(attackerKey, as.issuer, 'Forged while the key set hangs.', {
        header: { kid: providerKid },
      });
      let outcome = 'still waiting';
      const call = settle(() => validateIdToken(forged, hung, { nonce })).then((settled) => {
        outcome = settled.accepted ? 'accepted' : 'refused';
      });
      await Promise.race([call, untilIdle()]);
      // Time passes, so a deadline of the code's own (a timer, then a fallback) fires.
      await labClock().advance(30);
      await Promise.race([call, untilIdle()]);
      expect(outcome, 'a forged ID token while the keys hang').not.toBe('accepted');
      await expectGenuineAccepted('a genuine ID token afterwards, with keys that answer');
    });

    it('verifies each provider’s tokens with that provider’s keys, two providers in one process', async () => {
      await expectGenuineAccepted('provider A’s genuine ID token, at provider A');
      const genuineB = await idTokenSignedBy(keyB, ISSUER_B, 'A genuine ID token from provider B.');
      await expectAccepted(
        () => validateIdToken(genuineB, configB, { nonce }),
        { iss: ISSUER_B, nonce },
        { label: 'provider B’s genuine ID token, at provider B' },
      );
      const aSignedByB = await idTokenSignedBy(
        keyB,
        as.issuer,
        'iss provider A, signed by provider B’s key',
        {
          sub: 'user-victim',
        },
      );
      await expectIdTokenRefused(aSignedByB, 'iss provider A, signed by provider B’s key');
      const bSignedByA = await idTokenSignedBy(
        as.keys.signingKey(),
        ISSUER_B,
        'iss provider B, signed by A’s key',
        {
          sub: 'user-victim',
        },
      );
      await expectRejected(() => validateIdToken(bSignedByA, configB, { nonce }), {
        label: 'iss provider B, signed by provider A’s key',
      });
      const token = await genuineIdToken();
      await expectRejected(() => validateIdToken(token, { ...config, clientId: OTHER_CLIENT }, { nonce }), {
        label: 'this app’s ID token, at another client of the same provider',
      });
      await expectRejected(() => validateIdToken(token, configB, { nonce }), {
        label: 'provider A’s ID token, at provider B',
      });
      await expectAccepted(
        () => validateIdToken(genuineB, configB, { nonce }),
        { iss: ISSUER_B },
        { label: 'provider B’s genuine ID token, at provider B, afterwards' },
      );
      await expectGenuineAccepted('provider A’s genuine ID token, afterwards');
    });

    it('refuses every ID token when the provider’s keys cannot be fetched', async () => {
      // One genuine login first, so a key set kept in module state holds the provider's keys in every grader.
      await expectGenuineAccepted();
      // The keys live at a URL fresh to this check, so no key set cached before (in module state) can answer.
      const keysOrigin = `https://keys-${crypto.randomUUID()}.example.test`;
      let answer: 'keys' | 'error' | 'malformed' = 'error';
      labNetwork().register(keysOrigin, () => {
        if (answer === 'keys') return Promise.resolve(Response.json(as.keys.jwks()));
        if (answer === 'error') return Promise.resolve(new Response('upstream unavailable', { status: 503 }));
        return Promise.resolve(Response.json({ keys: 'rotating' }));
      });
      const cold = { ...config, jwksUri: `${keysOrigin}/jwks.json` };
      for (const failure of ['error', 'malformed'] as const) {
        answer = failure;
        const token = await genuineIdToken();
        await expectRejected(() => validateIdToken(token, cold, { nonce }), {
          label: `the key set answers ${failure}`,
        });
      }
      answer = 'keys';
      const token = await genuineIdToken();
      await expectAccepted(
        () => validateIdToken(token, cold, { nonce }),
        { nonce },
        {
          label: 'a genuine ID token once the keys are back',
        },
      );
    });
  });

  describe('time (Core §3.1.3.7 steps 9–10)', () => {
    it('refuses an ID token once its exp has passed', async () => {
      const token = await genuineIdToken({ expiresIn: 60 });
      await expectAccepted(
        () => validateIdToken(token, config, { nonce }),
        { nonce },
        { label: 'before exp' },
      );
      await labClock().advance(60 + 31);
      await expectIdTokenRefused(token, '31 s after exp');
    });

    it('refuses an ID token more than 5 minutes old', async () => {
      const token = await genuineIdToken({ expiresIn: 3600 });
      await labClock().advance(300 + 31);
      await expectIdTokenRefused(token, 'issued 5 min 31 s ago, valid for an hour');
      await expectGenuineAccepted('a fresh ID token');
    });

    it('refuses an ID token issued in the future', async () => {
      const iat = labClock().nowSeconds() + 31;
      const token = await idTokenWith({ claims: { iat, exp: iat + 600 } }, 'iat 31 s ahead of the clock');
      await expectIdTokenRefused(token, 'iat 31 s ahead');
      await expectGenuineAccepted('a genuine ID token afterwards');
    });
  });

  describe('required claims (Core §2)', () => {
    it('refuses an ID token without sub, exp, iat or nonce, or with one of the wrong type', async () => {
      const now = labClock().nowSeconds();
      const cases: Array<[string, Parameters<typeof idTokenWith>[0]]> = [
        ...['sub', 'exp', 'iat', 'nonce'].map((claim): [string, Parameters<typeof idTokenWith>[0]] => [
          `no ${claim}`,
          { omitClaims: [claim] },
        ]),
        ['exp a string', { claims: { exp: String(now + 600) } }],
        ['iat a string', { claims: { iat: String(now) } }],
        ['nonce an array', { claims: { nonce: [nonce] } }],
      ];
      for (const [label, changes] of cases)
        await expectIdTokenRefused(await idTokenWith(changes, label), label);
      await expectGenuineAccepted('a genuine ID token afterwards');
    });
  });

  describe('the nonce (Core §3.1.3.7 step 11, §15.5.2)', () => {
    it('refuses an ID token whose nonce is not exactly this session’s', async () => {
      const lookAlikes: Array<[string, string]> = [
        ['another session’s nonce', randomNonce()],
        ['the nonce without its last character', nonce.slice(0, -1)],
        ['the nonce with a character more', `${nonce}x`],
        ['the nonce in upper case', nonce.toUpperCase()],
        ['the nonce after a space', ` ${nonce}`],
        ['an empty nonce', ''],
      ];
      for (const [label, value] of lookAlikes) {
        if (value === nonce) continue; // a nonce with no letters has no upper case
        await expectIdTokenRefused(await idTokenWith({ claims: { nonce: value } }, label), label);
      }
      await expectGenuineAccepted('a genuine ID token afterwards');
    });

    it('refuses every ID token in a session that holds no nonce (empty or missing)', async () => {
      const token = await genuineIdToken();
      evidence({
        token,
        clauses: ['OpenID Connect Core 1.0 §3.1.3.7', 'OpenID Connect Core 1.0 §15.5.2'],
        note: 'A genuine ID token injected into a session that never started a login.',
      });
      await expectRejected(() => validateIdToken(token, config, { nonce: '' }), {
        label: 'a session whose nonce is empty',
      });
      await expectRejected(() => validateIdToken(token, config, {} as { nonce: string }), {
        label: 'a session with no nonce',
      });
      await expectGenuineAccepted('in its own session');
    });

    it('compares each callback with its own session’s nonce, when two callbacks verify at once', async () => {
      const attackerNonce = randomNonce();
      const attackers = (await as.issueIdToken({ clientId: APP, sub: 'user-bob', nonce: attackerNonce }))
        .token;
      evidence({
        token: attackers,
        clauses: ['OpenID Connect Core 1.0 §15.5.2'],
        note: 'The attacker’s own ID token, injected into the victim’s callback while the attacker’s runs.',
      });
      const wrong: string[] = [];
      for (const victimFirst of [true, false]) {
        const keys = heldKeySet();
        const racing = { ...config, jwksUri: keys.jwksUri };
        const victim = () => settle(() => validateIdToken(attackers, racing, { nonce }));
        const own = () => settle(() => validateIdToken(attackers, racing, { nonce: attackerNonce }));
        const [first, second] = victimFirst ? [victim(), own()] : [own(), victim()];
        await keys.bothIn;
        keys.release();
        const [a, b] = await Promise.all([first, second]);
        const [inVictims, inOwn] = victimFirst ? [a, b] : [b, a];
        const order = victimFirst ? 'the victim’s callback first' : 'the attacker’s callback first';
        if (inVictims.accepted) wrong.push(`${order}: accepted in the victim’s session`);
        if (!inOwn.accepted) wrong.push(`${order}: refused in its own session`);
      }
      expect(wrong.join('; ')).toBe('');
    });

    it('refuses an ID token from one login replayed into another session', async () => {
      const token = await genuineIdToken();
      await expectAccepted(
        () => validateIdToken(token, config, { nonce }),
        { nonce },
        { label: 'in its own session' },
      );
      evidence({
        token,
        clauses: ['OpenID Connect Core 1.0 §15.5.2'],
        note: 'An ID token injected into another browser session.',
      });
      await expectRejected(() => validateIdToken(token, config, { nonce: randomNonce() }), {
        label: 'in another session',
      });
      await expectAccepted(
        () => validateIdToken(token, config, { nonce }),
        { nonce },
        { label: 'its own session still' },
      );
    });
  });
});

describe('verifyApiAccessToken', () => {
  it('accepts an access token for this API', async () => {
    const { token } = await as.issueAccessToken({ audience: APP, sub: 'user-alice' });
    await expectAccepted(() => verifyApiAccessToken(token, api), { sub: 'user-alice', aud: APP });
    const typed = await accessTokens.validToken({ header: { typ: 'application/at+jwt' } });
    await expectAccepted(
      () => verifyApiAccessToken(typed, api),
      { aud: APP },
      { label: 'typ application/at+jwt' },
    );
  });

  it('refuses an ID token, even one whose aud is this API (RFC 9068 §4)', async () => {
    const idToken = await genuineIdToken();
    evidence({
      token: idToken,
      clauses: ['RFC 9068 §4', 'RFC 8725 §3.11'],
      note: 'An ID token presented to the API as an access token.',
    });
    await expectRejected(() => verifyApiAccessToken(idToken, api), { label: 'an ID token (typ JWT)' });
    // An ID token from a login that sent no nonce, with one audience: nothing but its type says what it is.
    const plain = (await as.issueIdToken({ clientId: APP, sub: 'user-alice' })).token;
    await expectRejected(() => verifyApiAccessToken(plain, api), {
      label: 'an ID token with no nonce or azp',
    });
    for (const typ of ['jwt', 'application/jwt', 'id_token+jwt', 'dpop+jwt', 'at+jwt+id']) {
      const lookAlike = await accessTokens.validToken({ header: { typ } });
      evidence({ token: lookAlike, clauses: ['RFC 9068 §4'], note: `An access token typed ${typ}.` });
      await expectRejected(() => verifyApiAccessToken(lookAlike, api), { label: `typ ${typ}` });
    }
    const untyped = await idTokens.validToken({ omitHeader: ['typ'] });
    await expectRejected(() => verifyApiAccessToken(untyped, api), { label: 'an ID token with no typ' });
    const { token } = await as.issueAccessToken({ audience: APP });
    await expectAccepted(
      () => verifyApiAccessToken(token, api),
      { aud: APP },
      { label: 'an access token afterwards' },
    );
  });

  it('refuses an access token for another API, from another issuer or off the allow-list', async () => {
    const cases: Array<[string, string]> = [
      ['aud another API', await accessTokens.validToken({ claims: { aud: OTHER_CLIENT } })],
      ['aud a look-alike', await accessTokens.validToken({ claims: { aud: `${APP}/` } })],
      [
        'iss another issuer',
        await accessTokens.validToken({ claims: { iss: 'https://login.example.test' } }),
      ],
      ['iss a look-alike', await accessTokens.validToken({ claims: { iss: `${as.issuer}/` } })],
      ['RS256 by a published key', await accessTokens.validToken({ key: rs256Key })],
    ];
    for (const [label, token] of cases) {
      evidence({ token, clauses: ['RFC 9068 §4'], note: label });
      await expectRejected(() => verifyApiAccessToken(token, api), { label });
    }
    expect(await acceptedVariants(accessTokens, 'A2', 'api'), 'accepted variants of alg none').toEqual([]);
    const { token } = await as.issueAccessToken({ audience: APP });
    await expectAccepted(
      () => verifyApiAccessToken(token, api),
      { aud: APP },
      { label: 'an access token afterwards' },
    );
  });

  it('refuses an access token without exp (RFC 9068 §2.2)', async () => {
    const token = await accessTokens.validToken({ omitClaims: ['exp'] });
    evidence({ token, clauses: ['RFC 9068 §2.2'], note: 'An access token with no exp: it never expires.' });
    await expectRejected(() => verifyApiAccessToken(token, api), { label: 'no exp' });
    const { token: genuine } = await as.issueAccessToken({ audience: APP });
    await expectAccepted(
      () => verifyApiAccessToken(genuine, api),
      { aud: APP },
      { label: 'an access token' },
    );
  });

  it('refuses, at another API or another issuer’s API, a token this API accepted', async () => {
    const { token } = await as.issueAccessToken({ audience: APP, sub: 'user-alice' });
    await expectAccepted(() => verifyApiAccessToken(token, api), { aud: APP }, { label: 'at this API' });
    evidence({
      token,
      clauses: ['RFC 9068 §4', 'RFC 8725 §3.9'],
      note: 'Accepted here, then sent to another API.',
    });
    await expectRejected(() => verifyApiAccessToken(token, { ...api, audience: OTHER_CLIENT }), {
      label: 'at another API of the same issuer',
    });
    await expectRejected(() => verifyApiAccessToken(token, { ...configB, audience: APP }), {
      label: 'at this API’s twin behind provider B',
    });
    await expectAccepted(
      () => verifyApiAccessToken(token, api),
      { aud: APP },
      { label: 'at this API still' },
    );
  });

  it('refuses an access token once its exp has passed', async () => {
    const { token } = await as.issueAccessToken({ audience: APP, expiresIn: 60 });
    await expectAccepted(() => verifyApiAccessToken(token, api), { aud: APP }, { label: 'before exp' });
    await labClock().advance(60 + 31);
    await expectRejected(() => verifyApiAccessToken(token, api), { label: '31 s after exp' });
  });
});
