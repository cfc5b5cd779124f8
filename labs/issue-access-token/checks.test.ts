import { beforeEach, describe, expect, it } from 'vitest';
import { createAccessTokenIssuer, type AccessTokenRequest } from '@lab/submission';
import {
  attackerHost,
  crackHmacSecret,
  createAttackToolkit,
  createReferenceVerifier,
  evidence,
  expectAccepted,
  forLearner,
  labClock,
  labRandom,
  loadSimulationKey,
  settle,
  snapshot,
  WEAK_SECRETS,
  type AttackToolkit,
  type TokenChanges,
} from '@lab/server';

const ISSUER = 'https://login.shop.example.test';
const TOKEN_ENDPOINT = `${ISSUER}/token`;
const ORDERS_API = 'https://orders.example.test';
/** Registered clients; RFC 7523 client ids are often URLs (the client's metadata document). */
const WEB = 'https://shop-web.example.test';
const MOBILE = 'https://shop-mobile.example.test';
/** What a strict resource server allows: asymmetric only, and Ed25519 rather than the deprecated EdDSA (RFC 9864). */
const ASYMMETRIC = [
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'RS256',
  'RS384',
  'RS512',
  'Ed25519',
];
/** The explicit type rfc7523bis recommends for client assertions; this server requires it (course policy). */
const CLIENT_ASSERTION_TYP = 'client-authentication+jwt';
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

type Json = Record<string, unknown>;
type Issue = (request: AccessTokenRequest) => Promise<string>;
type Request = Omit<AccessTokenRequest, 'clientAssertion'> & { clientId: string };

const ALICE: Request = {
  clientId: WEB,
  subject: 'user-alice',
  audience: ORDERS_API,
  scope: 'orders:read',
};

let issue: Issue;
/** What the issuer serves at its jwks_uri, as it last published it. */
let published: unknown;
/** Signs client assertions (RFC 7523 §2.2) for each registered client with that client's own key. */
let clients: Map<string, AttackToolkit>;

/** Reads a compact JWS segment; checks never trust it for anything but inspection. */
function segment(token: string, index: 0 | 1): Json {
  const part = token.split('.')[index] ?? '';
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Json;
}

const header = (token: string): Json => segment(token, 0);
const claims = (token: string): Json => segment(token, 1);

function publishedKeys(): Json[] {
  const keys = (published as { keys?: unknown } | undefined)?.keys;
  expect(Array.isArray(keys), 'the issuer published { keys: [...] } (RFC 7517 §5)').toBe(true);
  return keys as Json[];
}

/**
 * A client assertion as a current client makes it (draft-ietf-oauth-rfc7523bis): iss = sub = client_id,
 * aud = this server's issuer identifier, typ client-authentication+jwt, 60 s.
 */
function assertion(clientId: string, changes: TokenChanges = {}): Promise<string> {
  const client = clients.get(clientId);
  if (!client) throw new TypeError(`no client ${clientId}`);
  return client.validToken(changes);
}

/** A resource server following RFC 9068 §4 with the issuer's published JWKS and one algorithm. */
async function resourceServerVerdict(token: string, audience = ALICE.audience): Promise<string> {
  const alg = header(token)['alg'];
  if (typeof alg !== 'string' || !ASYMMETRIC.includes(alg)) return `refused alg ${String(alg)}`;
  const verify = createReferenceVerifier({
    issuer: ISSUER,
    audience,
    typ: 'at+jwt',
    alg: alg as 'ES256',
    jwks: { keys: publishedKeys() },
    secrets: new Map(),
    clockToleranceSeconds: 30,
    maxTokenAgeSeconds: 900,
    requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
    now: () => labClock().now(),
  });
  try {
    await verify(token);
    return 'accepted';
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? code : error instanceof Error ? error.name : 'thrown';
  }
}

async function issued(request: Request = ALICE): Promise<string> {
  const { clientId, ...rest } = request;
  const clientAssertion = await assertion(clientId);
  const minted = await expectAccepted(() => issue({ ...rest, clientAssertion }), undefined, {
    label: `a genuine request from ${clientId}`,
  });
  const token = typeof minted === 'string' ? minted : '';
  expect(token.split('.').length === 3, 'issue() returns a compact JWS').toBe(true);
  evidence({
    token,
    clauses: ['RFC 9068 §2'],
    note: `Issued to ${clientId} for ${request.subject} → ${request.audience}.`,
  });
  return token;
}

/** What issue() did with a request: `issued`, or `refused`. */
async function outcome(clientAssertion: string, note: string): Promise<string> {
  evidence({ token: clientAssertion, clauses: ['RFC 7523 §3'], note });
  const settled = await settle(() =>
    issue({ clientAssertion, subject: 'user-alice', audience: ORDERS_API, scope: 'orders:read' }),
  );
  return settled.accepted && typeof settled.value === 'string' ? 'issued' : 'refused';
}

beforeEach(async () => {
  const host = attackerHost();
  clients = new Map();
  const registered: Record<string, { jwks: { keys: unknown[] } }> = {};
  for (const [index, clientId] of [WEB, MOBILE].entries()) {
    const key = await loadSimulationKey('ES256', index + 1);
    registered[clientId] = { jwks: { keys: [key.publicJwk] } };
    clients.set(
      clientId,
      createAttackToolkit({
        attacker: host.attacker,
        target: {
          issuer: clientId,
          audience: ISSUER,
          otherAudience: 'https://other-as.example.test',
          typ: CLIENT_ASSERTION_TYP,
          key,
          claims: { sub: clientId },
          lifetimeSeconds: 60,
          clockToleranceSeconds: 30,
          now: () => labClock().now(),
        },
      }),
    );
  }
  published = undefined;
  issue = await createAccessTokenIssuer(
    forLearner({
      issuer: ISSUER,
      tokenEndpoint: TOKEN_ENDPOINT,
      clients: registered as never,
      publishJwks: (jwks: { keys: unknown[] }) => {
        published = snapshot(jwks);
      },
    }),
  );
});

describe('createAccessTokenIssuer', () => {
  describe('RFC 9068 §4: resource servers accept its tokens', () => {
    it('issues tokens a strict resource server accepts with the published JWKS', async () => {
      const token = await issued();
      expect(await resourceServerVerdict(token)).toBe('accepted');
    });

    it('puts the requested subject, client, audience and scope in each token', async () => {
      const bob: Request = {
        subject: 'user-bob',
        clientId: MOBILE,
        audience: 'https://billing.example.test',
        scope: 'invoices:read invoices:pay',
      };
      for (const request of [ALICE, bob]) {
        const token = await issued(request);
        expect(claims(token)).toMatchObject({
          iss: ISSUER,
          sub: request.subject,
          client_id: request.clientId,
          scope: request.scope,
        });
        const aud = claims(token)['aud'];
        expect(
          aud === request.audience || (Array.isArray(aud) && aud.length === 1 && aud[0] === request.audience),
        ).toBe(true);
        expect(await resourceServerVerdict(token, request.audience)).toBe('accepted');
      }
    });
  });

  describe('RFC 9068 §2.1: header', () => {
    it('types every token as at+jwt', async () => {
      const typ = header(await issued())['typ'];
      expect(typeof typ === 'string' ? typ.toLowerCase().replace(/^application\//, '') : typ).toBe('at+jwt');
    });

    it('names its signing key with a kid that resolves in the published JWKS', async () => {
      const kid = header(await issued())['kid'];
      expect(typeof kid, 'the header has a kid (RFC 7515 §4.1.4)').toBe('string');
      expect(publishedKeys().map((key) => key['kid'])).toContain(kid);
    });

    it('signs with an asymmetric algorithm, never none or a shared secret (RFC 8725 §3.2)', async () => {
      expect(ASYMMETRIC).toContain(header(await issued())['alg']);
    });
  });

  describe('RFC 8725 §3.5: key strength', () => {
    it('cannot be forged by guessing a dictionary HMAC secret', async () => {
      const token = await issued();
      expect(await crackHmacSecret(token, WEAK_SECRETS)).toBeUndefined();
    });

    it('generates its own signing key instead of shipping one in the source', async () => {
      const mine = publishedKeys().map((key) => JSON.stringify({ ...key, kid: undefined }));
      let theirs: string[] = [];
      await expectAccepted(() =>
        createAccessTokenIssuer(
          forLearner({
            issuer: ISSUER,
            tokenEndpoint: TOKEN_ENDPOINT,
            clients: {},
            publishJwks: (jwks: { keys: unknown[] }) => {
              const keys = (snapshot(jwks) as { keys?: unknown }).keys;
              theirs = (Array.isArray(keys) ? (keys as Json[]) : []).map((key) =>
                JSON.stringify({ ...key, kid: undefined }),
              );
            },
          }),
        ),
      );
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.filter((key) => theirs.includes(key))).toEqual([]);
      expect(await resourceServerVerdict(await issued())).toBe('accepted');
    });
  });

  describe('RFC 9068 §2.2: claims', () => {
    it('includes iss, sub, aud, exp, iat, jti and client_id', async () => {
      const present = Object.keys(claims(await issued()));
      for (const claim of ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id']) {
        expect(present, `claim ${claim}`).toContain(claim);
      }
    });

    it('sets iat to the time of issue and a lifetime of at most 15 minutes', async () => {
      for (const step of [0, 3600]) {
        await labClock().advance(step);
        const { iat, exp } = claims(await issued());
        const now = labClock().nowSeconds();
        expect(
          typeof iat === 'number' && Math.abs(iat - now) <= 5,
          `iat ${String(iat)} is now (${now})`,
        ).toBe(true);
        const lifetime = typeof exp === 'number' && typeof iat === 'number' ? exp - iat : NaN;
        expect(lifetime > 0 && lifetime <= 900, `exp - iat = ${lifetime} s, expected 1..900`).toBe(true);
      }
    });
  });

  describe('RFC 7519 §4.1.7: jti', () => {
    it('gives every token a unique jti', async () => {
      const jtis = new Set<unknown>();
      for (let i = 0; i < 20; i++) jtis.add(claims(await issued())['jti']);
      expect(jtis.size).toBe(20);
    });

    it('draws jti from at least 122 random bits (a UUIDv4 carries 122), not a counter or a clock', async () => {
      const jtis: string[] = [];
      for (let i = 0; i < 20; i++) {
        const jti = claims(await issued())['jti'];
        expect(typeof jti).toBe('string');
        jtis.push(jti as string);
        await labClock().advance(1);
      }
      // A fixed prefix (an issuer name, a date) carries no randomness: measure what varies.
      let prefix = 0;
      while (jtis.every((jti) => jti[prefix] !== undefined && jti[prefix] === jtis[0]?.[prefix])) prefix++;
      const varying = Math.min(...jtis.map((jti) => jti.length - prefix));
      // 22 base64url characters or a UUIDv4's 32 hex digits carry >= 122 random bits.
      const hexOnly = jtis.every((jti) => /^[0-9a-f-]+$/i.test(jti.slice(prefix)));
      expect(varying, 'characters that vary between jtis').toBeGreaterThanOrEqual(hexOnly ? 32 : 22);
      // Counters and timestamps come out already sorted; 20 random values almost never do (1 in 20!).
      expect([...jtis].sort(), 'jtis sort in the order they were issued').not.toEqual(jtis);
    });

    it('draws jti from the CSPRNG: a predictable Math.random repeats no jti', async () => {
      // V8's Math.random (xorshift128+) gives its state away in a few outputs: fixed here, as an attacker who
      // recovered it sees it, ids drawn from it repeat; ids from crypto.getRandomValues or randomUUID do not.
      labRandom().fix(0.5);
      const [first, second] = [claims(await issued())['jti'], claims(await issued())['jti']];
      evidence({
        clauses: ['RFC 7519 §4.1.7'],
        note: "two tokens minted while the learner's Math.random answers 0.5",
      });
      expect(first === second ? 'the same jti twice' : 'two jtis', 'two tokens').toBe('two jtis');
    });
  });

  describe('RFC 7517 §9.2: published JWKS', () => {
    it('publishes public keys only: no d, p, q, dp, dq, qi, oth or k', async () => {
      const keys = publishedKeys();
      expect(keys.length).toBeGreaterThan(0);
      const leaked = keys.flatMap((key) => PRIVATE_MEMBERS.filter((member) => member in key));
      expect(leaked).toEqual([]);
      expect(await resourceServerVerdict(await issued())).toBe('accepted');
    });

    it('labels every published key with kid, alg and use "sig" (RFC 7517 §4, RFC 8725 §3.1)', async () => {
      const keys = publishedKeys();
      expect(keys.length).toBeGreaterThan(0);
      for (const [index, key] of keys.entries()) {
        // Only the labels, in a fixed order: runtimes export JWK members in different orders.
        const labels = { kid: key['kid'], alg: key['alg'], use: key['use'] };
        // Named by position: a kid is generated per run, and a failure must read the same in every runner.
        expect(labels, `published key #${index + 1}`).toEqual({
          kid: expect.any(String),
          alg: expect.any(String),
          use: 'sig',
        });
      }
      expect(await resourceServerVerdict(await issued())).toBe('accepted');
    });
  });

  describe('RFC 7523: client authentication', () => {
    it("puts the authenticated client's id in client_id", async () => {
      const token = await issued({ ...ALICE, clientId: MOBILE });
      expect(claims(token)['client_id']).toBe(MOBILE);
    });

    it('refuses an assertion signed by a key the client never registered', async () => {
      expect(await outcome(await assertion(WEB), 'A genuine assertion.')).toBe('issued');
      const forged = await assertion(WEB, { key: await attackerHost().attacker.key('ES256') });
      expect(await outcome(forged, 'iss = sub = the web client, signed by the attacker key.')).toBe(
        'refused',
      );
      const borrowed = await assertion(MOBILE, { claims: { iss: WEB, sub: WEB } });
      expect(await outcome(borrowed, 'The web client claims, signed with the mobile client key.')).toBe(
        'refused',
      );
    });

    it('refuses an unsigned assertion (alg none)', async () => {
      expect(await outcome(await assertion(WEB), 'A genuine assertion.')).toBe('issued');
      const [, payload] = (await assertion(WEB)).split('.');
      const unsigned = `${btoa(JSON.stringify({ alg: 'none', typ: CLIENT_ASSERTION_TYP })).replace(/=+$/, '')}.${payload}.`;
      expect(await outcome(unsigned, 'The same claims with alg none and no signature.')).toBe('refused');
    });

    it("refuses an assertion whose aud is not exactly this server's issuer identifier", async () => {
      expect(await outcome(await assertion(WEB), 'A genuine assertion.')).toBe('issued');
      const elsewhere = await assertion(WEB, { claims: { aud: 'https://other-as.example.test' } });
      expect(await outcome(elsewhere, 'aud names another authorization server.')).toBe('refused');
      // CVE-2025-27370/27371: a token-endpoint URL can be injected by a malicious server's metadata.
      const endpoint = await assertion(WEB, { claims: { aud: TOKEN_ENDPOINT } });
      expect(await outcome(endpoint, 'aud is the token endpoint URL, not the issuer identifier.')).toBe(
        'refused',
      );
      const extra = await assertion(WEB, { claims: { aud: [ISSUER, 'https://other-as.example.test'] } });
      expect(await outcome(extra, 'aud lists this issuer and another server.')).toBe('refused');
      const noAud = await assertion(WEB, { omitClaims: ['aud'] });
      expect(await outcome(noAud, 'No aud at all.')).toBe('refused');
      for (const aud of [
        `${ISSUER}/`,
        `${ISSUER}/other`,
        ISSUER.toUpperCase(),
        `${ISSUER}.evil.test`,
        ISSUER.slice(0, -1),
      ]) {
        const lookAlike = await assertion(WEB, { claims: { aud } });
        expect(await outcome(lookAlike, `aud ${aud} only resembles the issuer identifier.`), aud).toBe(
          'refused',
        );
      }
      expect(await outcome(await assertion(WEB), 'A genuine assertion after the look-alikes.')).toBe(
        'issued',
      );
    });

    it('accepts aud as the issuer identifier alone: a string or a one-element array', async () => {
      expect(await outcome(await assertion(WEB), 'aud is the issuer identifier, a string.')).toBe('issued');
      const array = await assertion(WEB, { claims: { aud: [ISSUER] } });
      expect(await outcome(array, 'aud is [issuer identifier], a one-element array.')).toBe('issued');
    });

    it('refuses an assertion past its exp by more than the 5-minute maximum tolerance, or without one', async () => {
      const now = labClock().nowSeconds();
      const lastSecond = await assertion(WEB, { claims: { iat: now - 59, exp: now + 1 } });
      expect(await outcome(lastSecond, 'A genuine assertion in the last second before its exp.')).toBe(
        'issued',
      );
      // lab.md allows a clock tolerance of at most 5 minutes: one second more is past any allowed tolerance.
      const expired = await assertion(WEB, { claims: { iat: now - 361, exp: now - 301 } });
      expect(await outcome(expired, 'exp 5 minutes and 1 second ago.')).toBe('refused');
      const endless = await assertion(WEB, { omitClaims: ['exp'] });
      expect(await outcome(endless, 'No exp: an assertion that would never expire.')).toBe('refused');
    });

    it('requires typ client-authentication+jwt on the assertion (course policy)', async () => {
      expect(await outcome(await assertion(WEB), 'A genuine, explicitly typed assertion.')).toBe('issued');
      const generic = await assertion(WEB, { header: { typ: 'JWT' } });
      expect(await outcome(generic, 'The same claims typed JWT.')).toBe('refused');
      const untyped = await assertion(WEB, { omitHeader: ['typ'] });
      expect(await outcome(untyped, 'The same claims without typ.')).toBe('refused');
    });

    it('accepts each assertion once: a replayed jti is refused', async () => {
      const once = await assertion(WEB);
      expect(await outcome(once, 'First use of the assertion.')).toBe('issued');
      expect(await outcome(once, 'The same assertion, replayed.')).toBe('refused');
      expect(await outcome(await assertion(WEB), 'A new assertion from the same client.')).toBe('issued');
    });

    it('refuses a replay for as long as the assertion verifies: 45 s later, and past exp within the tolerance', async () => {
      // Lives 60 s; verifiers may forgive up to 30 s of skew past exp, so it must be remembered until then.
      const once = await assertion(WEB);
      expect(await outcome(once, 'First use of the assertion.')).toBe('issued');
      await labClock().advance(45);
      expect(await outcome(once, 'Replayed 45 s later, before its exp.')).toBe('refused');
      await labClock().advance(30);
      expect(await outcome(once, 'Replayed 15 s after its exp, inside a 30 s tolerance.')).toBe('refused');
      expect(await outcome(await assertion(WEB), 'A new assertion from the same client.')).toBe('issued');
    });

    it('refuses a replay of a 5-minute assertion until its exp, and past exp through any tolerance up to 5 minutes', async () => {
      // A client may give its assertion several minutes; the jti must be remembered for all of them.
      const now = labClock().nowSeconds();
      const once = await assertion(WEB, { claims: { iat: now, exp: now + 300 } });
      expect(await outcome(once, 'First use of a 5-minute assertion.')).toBe('issued');
      for (const [step, when] of [
        [120, '2 minutes later'],
        [179, '1 s before its exp'],
        [2, '1 s after its exp'],
        [30, '31 s after its exp'],
        [30, '61 s after its exp'],
        [60, '121 s after its exp'],
        [60, '181 s after its exp'],
        [118, '299 s after its exp, inside the largest tolerance lab.md allows'],
      ] as const) {
        await labClock().advance(step);
        expect(await outcome(once, `Replayed ${when}.`), when).toBe('refused');
      }
      expect(await outcome(await assertion(WEB), 'A new assertion from the same client.')).toBe('issued');
    });

    it('refuses an assertion without a jti, and its replay', async () => {
      expect(await outcome(await assertion(WEB), 'A genuine assertion.')).toBe('issued');
      const anonymous = await assertion(WEB, { omitClaims: ['jti'] });
      expect(await outcome(anonymous, 'No jti: an assertion nothing can recognise again.')).toBe('refused');
      expect(await outcome(anonymous, 'The same assertion without jti, replayed.')).toBe('refused');
    });

    it('mints each token from the request and the authenticated client alone, whatever else the assertion claims', async () => {
      const request = { subject: 'user-alice', audience: ORDERS_API, scope: 'orders:read' };
      const plain = await assertion(WEB);
      const baseline = await expectAccepted(() => issue({ ...request, clientAssertion: plain }), undefined, {
        label: 'a genuine request with a plain assertion',
      });
      // A genuine client signs its own assertion, so every claim in it is the client's to choose.
      const decorated = await assertion(WEB, {
        claims: {
          client_id: MOBILE,
          scope: 'orders:admin payments:write',
          admin: true,
          roles: ['admin'],
          cnf: { jkt: 'attacker-chosen-thumbprint' },
          act: { sub: 'user-mallory' },
          resource: 'https://billing.example.test',
        },
      });
      evidence({
        token: decorated,
        clauses: ['RFC 9068 §2.2', 'RFC 7523 §3'],
        note: 'The assertion claims client_id, scope, roles, cnf and more.',
      });
      const minted = await expectAccepted(
        () => issue({ ...request, clientAssertion: decorated }),
        undefined,
        {
          label: 'a genuine request whose assertion carries extra claims',
        },
      );
      const [expected, got] = [String(baseline), String(minted)].map(claims) as [Json, Json];
      expect(got, 'the token names the authenticated client and the requested scope').toMatchObject({
        client_id: WEB,
        scope: request.scope,
        sub: request.subject,
      });
      expect(Object.keys(got).sort(), 'the same claims as a token minted from a plain assertion').toEqual(
        Object.keys(expected).sort(),
      );
      // The assertion is the client's credential: it never travels on to resource servers.
      for (const [index, token] of [String(baseline), String(minted)].entries()) {
        const readable = JSON.stringify([header(token), claims(token)]);
        for (const credential of [plain, decorated]) {
          const carried = readable.includes(credential.split('.')[2] ?? '');
          expect(carried, `token #${index + 1} carries a client assertion`).toBe(false);
        }
      }
      for (const [name, value] of Object.entries(got)) {
        if (name === 'jti') continue;
        const other = expected[name];
        // Named, never printed: a value may hold a key id, which differs between runners.
        const same =
          typeof value === 'number' && typeof other === 'number'
            ? Math.abs(value - other) <= 5
            : JSON.stringify(value) === JSON.stringify(other);
        expect(same, `claim ${name} is what a token from a plain assertion has`).toBe(true);
      }
    });

    it('accepts an assertion once even when two requests present it at the same time', async () => {
      const once = await assertion(WEB);
      evidence({
        token: once,
        clauses: ['RFC 7523 §3', 'RFC 7519 §4.1.7'],
        note: 'One assertion, twice at once.',
      });
      const raced = await Promise.all([
        outcome(once, 'The assertion, first of two at once.'),
        outcome(once, 'The assertion, second of two at once.'),
      ]);
      expect([...raced].sort(), 'one of two concurrent uses is issued').toEqual(['issued', 'refused']);
      expect(await outcome(await assertion(WEB), 'A new assertion afterwards.')).toBe('issued');
    });

    it('refuses an assertion whose sub is another client, or whose iss names no registered client', async () => {
      expect(await outcome(await assertion(WEB), 'A genuine assertion.')).toBe('issued');
      const otherSubject = await assertion(WEB, { claims: { sub: MOBILE } });
      expect(await outcome(otherSubject, 'Signed by the web client, iss web, sub the mobile client.')).toBe(
        'refused',
      );
      const stranger = await attackerHost().attacker.key('ES256');
      const selfRegistered = await assertion(WEB, {
        key: stranger,
        claims: { iss: 'https://stranger.example.test', sub: 'https://stranger.example.test' },
        header: { jwk: stranger.publicJwk },
      });
      expect(
        await outcome(selfRegistered, 'An unregistered client, signed with the key in its own jwk header.'),
      ).toBe('refused');
      expect(await outcome(await assertion(MOBILE), 'A genuine assertion from the mobile client.')).toBe(
        'issued',
      );
    });

    it('recognises a replay by client and jti, not by the bytes of the assertion', async () => {
      const client = clients.get(WEB);
      const [reencoded] = (await client?.mint('A11')) ?? [];
      expect(reencoded?.original, 'a re-encoded assertion').toBeDefined();
      expect(await outcome(reencoded?.original ?? '', 'First use of the assertion.')).toBe('issued');
      expect(
        await outcome(
          reencoded?.token ?? '',
          `The same assertion re-encoded (${reencoded?.variant}): same claims, different bytes.`,
        ),
      ).toBe('refused');
    });
  });
});
