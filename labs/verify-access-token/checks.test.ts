import { beforeEach, describe, expect, it } from 'vitest';
import { createAccessTokenVerifier } from '@lab/submission';
import {
  createTokenServer,
  evidence,
  expectAccepted,
  expectRejected,
  labAttacker,
  labClock,
  labNetwork,
  loadSimulationKey,
  recordAttack,
  settle,
  type AttackId,
  type AttackToken,
  type LabAttacker,
  type SigningKey,
  type TokenServer,
} from '@lab/server';

/** This API's resource indicator (RFC 8707), the `aud` every token for it must carry. */
const API = 'https://api.example.test';
/** A second authorization server on the same network, trusted by other APIs but not by this one. */
const PARTNER_ISSUER = 'https://partner-as.example.test';

let as: TokenServer;
let partner: TokenServer;
/** The RS256 key the issuer signs ID tokens with, published in the same JWKS (common with OpenID providers). */
let idTokenKey: SigningKey;
/** An ES384 key the issuer also publishes (for another kind of token): inside the JWKS, outside the allow-list. */
let es384Key: Awaited<ReturnType<LabAttacker['attacker']['key']>>;
let kit: LabAttacker;
let verify: (token: string) => Promise<unknown>;
/** How many times the issuer's JWKS was requested. */
let jwksFetches: number;
/** What the issuer's JWKS endpoint answers: its key set, a server error, or a body that is not a key set. */
let jwksAnswer: 'keys' | 'error' | 'malformed';

/** What the learner's verifier did with a token: `accepted`, or the `code` (else the name) of what it threw. */
async function verdict(token: string): Promise<string> {
  const outcome = await settle(() => verify(token));
  if (outcome.accepted) return 'accepted';
  return outcome.error.code ?? (outcome.error.isError ? (outcome.error.name ?? 'Error') : 'thrown');
}

/** Presents every token, records it as evidence, and returns the variants the verifier accepted. */
async function acceptedVariants(tokens: readonly AttackToken[]): Promise<string[]> {
  expect(tokens.length).toBeGreaterThan(0);
  const accepted: string[] = [];
  for (const token of tokens) {
    recordAttack(token);
    if ((await verdict(token.token)) === 'accepted') accepted.push(token.variant);
  }
  return accepted;
}

async function mint(id: AttackId, ...variants: string[]): Promise<AttackToken[]> {
  const tokens = await kit.mint(id);
  return variants.length === 0 ? tokens : tokens.filter((token) => variants.includes(token.variant));
}

/** The positive control every attack check starts with, so a verifier that rejects everything fails. */
async function expectValidTokenAccepted(): Promise<void> {
  const { token } = await as.issueAccessToken({ sub: 'user-alice', scope: ['read'] });
  await expectAccepted(
    () => verify(token),
    { sub: 'user-alice', iss: as.issuer, client_id: 'lab-client' },
    { label: 'a valid token' },
  );
}

/** The seed of the shuffled positive-control order (reported in the failure message). */
const SHUFFLE_SEED = 0x5eed_2026;

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

function now(): number {
  return labClock().nowSeconds();
}

beforeEach(async () => {
  as = await createTokenServer({ audience: API });
  idTokenKey = await loadSimulationKey('RS256');
  // The issuer's JWKS carries its ES256 access-token key and its RS256 ID-token key.
  jwksFetches = 0;
  jwksAnswer = 'keys';
  as.close();
  labNetwork().register(as.issuer, (request) => {
    if (request.url !== as.endpoints.jwks) return as.fetch(request);
    jwksFetches += 1;
    if (jwksAnswer === 'error') return new Response('upstream unavailable', { status: 503 });
    if (jwksAnswer === 'malformed') return Response.json({ keys: 'rotating' });
    return Response.json({ keys: [...as.keys.jwks().keys, idTokenKey.publicJwk, es384Key.publicJwk] });
  });
  partner = await createTokenServer({ issuer: PARTNER_ISSUER, audience: API });
  // The partner signs with its own key (both servers would otherwise start from the simulation's first key).
  await partner.keys.rotate();
  partner.keys.retire(as.keys.signingKey().kid);
  kit = labAttacker(as, { audience: API, foreignIssuer: partner });
  es384Key = await kit.attacker.key('ES384', 'as-es384');
  verify = createAccessTokenVerifier({ issuer: as.issuer, audience: API, jwksUri: as.endpoints.jwks });
});

describe('createAccessTokenVerifier', () => {
  describe('legitimate traffic', () => {
    it('accepts an access token the issuer minted for this API and returns its claims', async () => {
      const { token, jti } = await as.issueAccessToken({
        sub: 'user-bob',
        scope: ['read', 'write'],
      });
      await expectAccepted(() => verify(token), {
        iss: as.issuer,
        sub: 'user-bob',
        aud: API,
        client_id: 'lab-client',
        scope: 'read write',
        jti,
      });
    });

    it('accepts an aud array that includes this API (RFC 7519 §4.1.3)', async () => {
      const { token } = await as.issueAccessToken({
        audience: ['https://billing.example.test', API],
      });
      await expectAccepted(() => verify(token), {
        aud: ['https://billing.example.test', API],
      });
    });

    it('accepts a token one second before its exp, whatever clock tolerance from 0 to 30 s it uses', async () => {
      const { token } = await as.issueAccessToken({});
      await labClock().advance(900 - 1);
      await expectAccepted(() => verify(token), { iss: as.issuer });
    });

    it('accepts genuine tokens after attacks and mixed among them in a shuffled order', async () => {
      const genuine = await Promise.all(
        ['user-a', 'user-b', 'user-c'].map(async (sub) => (await as.issueAccessToken({ sub })).token),
      );
      const attacks = [
        await kit.validToken({ claims: { iss: `${as.issuer}/tenant-b` } }),
        await kit.validToken({ claims: { aud: `${API}/` } }),
        await kit.validToken({ key: es384Key }),
        await kit.validToken({ header: { typ: 'JWT' } }),
        await kit.validToken({ claims: { iat: now() - 930, exp: now() - 30 } }),
      ];
      for (const token of attacks) {
        evidence({
          token,
          clauses: ['RFC 9068 §4'],
          note: 'One of five attacks (iss, aud, alg, typ, exp) presented among genuine tokens.',
        });
      }
      // A fixed seed: the order is the same in the browser and in Node, and a failure names it to replay.
      const seed = SHUFFLE_SEED;
      const order = shuffle(
        [
          ...genuine.map((token) => ({ token, genuine: true })),
          ...attacks.map((token) => ({ token, genuine: false })),
        ],
        seed,
      );
      const verdicts: string[] = [];
      for (const { token, genuine: isGenuine } of order) {
        const accepted = (await verdict(token)) === 'accepted';
        verdicts.push(`${isGenuine ? 'genuine' : 'attack'} ${accepted ? 'accepted' : 'rejected'}`);
      }
      const expected = order.map(({ genuine: isGenuine }) =>
        isGenuine ? 'genuine accepted' : 'attack rejected',
      );
      expect(verdicts, `verdicts in shuffled order (seed ${seed})`).toEqual(expected);
    });

    it('accepts typ application/at+jwt, the same media type written in full (RFC 9068 §4)', async () => {
      const token = await kit.validToken({
        header: { typ: 'application/at+jwt' },
      });
      await expectAccepted(() => verify(token), { iss: as.issuer });
    });
  });

  describe('RFC 8725 §3.1–3.2: algorithm verification', () => {
    it('rejects alg none in every spelling (none, None, NONE, nOnE)', async () => {
      await expectValidTokenAccepted();
      expect(await acceptedVariants(await mint('A2'))).toEqual([]);
    });

    it('rejects an algorithm outside the allow-list even when a published key verifies it', async () => {
      await expectValidTokenAccepted();
      // Correctly signed by the issuer's own RS256 key, which its JWKS publishes for ID tokens.
      const rs256 = await kit.validToken({ key: idTokenKey });
      evidence({
        token: rs256,
        clauses: ['RFC 8725 §3.1'],
        note: 'An access token signed RS256 with the issuer key published for ID tokens.',
      });
      await expectRejected(() => verify(rs256));
      expect(await acceptedVariants(await mint('C2'))).toEqual([]);
    });

    it('rejects ES384, an algorithm of the same family signed by a key the issuer publishes', async () => {
      await expectValidTokenAccepted();
      const es384 = await kit.validToken({ key: es384Key });
      evidence({
        token: es384,
        clauses: ['RFC 8725 §3.1'],
        note: 'An access token signed ES384 with a P-384 key from the issuer JWKS; only ES256 is allowed.',
      });
      await expectRejected(() => verify(es384));
    });

    it("rejects HS256 tokens keyed with the issuer's public key (algorithm confusion)", async () => {
      await expectValidTokenAccepted();
      expect(await acceptedVariants(await mint('A5'))).toEqual([]);
    });
  });

  describe('RFC 7515 §5.2: signature integrity', () => {
    it('rejects a token whose payload was edited after signing', async () => {
      await expectValidTokenAccepted();
      expect(await acceptedVariants(await mint('A1', 'tampered-payload'))).toEqual([]);
    });

    it('rejects stripped, truncated and all-zero signatures', async () => {
      await expectValidTokenAccepted();
      const tokens = [
        ...(await mint('A1', 'truncated-signature')),
        ...(await mint('A3')),
        ...(await mint('A10')),
      ];
      expect(await acceptedVariants(tokens)).toEqual([]);
    });
  });

  describe('RFC 8725 §3.10: key material named in the token is never trusted', () => {
    it('rejects a token whose jku points at the attacker, and never fetches it', async () => {
      await expectValidTokenAccepted();
      expect(await acceptedVariants(await mint('A8'))).toEqual([]);
      expect(kit.host.hits(), 'requests the verifier sent to the attacker host').toBe(0);
    });

    it('rejects a token signed by the key embedded in its own jwk header', async () => {
      await expectValidTokenAccepted();
      expect(await acceptedVariants(await mint('A9'))).toEqual([]);
    });

    it('rejects a token whose kid matches no published key, signed by the jwk it carries', async () => {
      await expectValidTokenAccepted();
      const attackerKey = await kit.attacker.key('ES256');
      const token = await kit.validToken({
        key: attackerKey,
        header: { jwk: attackerKey.publicJwk },
        claims: { sub: 'admin' },
      });
      evidence({
        token,
        clauses: ['RFC 8725 §3.10', 'RFC 7515 §4.1.3'],
        note: `kid ${attackerKey.kid} is not in the issuer JWKS; the header jwk is the attacker public key.`,
      });
      await expectRejected(() => verify(token));
    });

    it("rejects a token whose jku names another path on the issuer's own host, and never fetches it", async () => {
      await expectValidTokenAccepted();
      const planted = `${as.issuer}/uploads/jwks.json`;
      let plantedFetches = 0;
      labNetwork().unregister(as.issuer);
      const attackerKey = await kit.attacker.key('ES256');
      labNetwork().register(as.issuer, (request) => {
        if (request.url !== planted) return as.fetch(request);
        plantedFetches += 1;
        return Response.json({ keys: [attackerKey.publicJwk] });
      });
      const token = await kit.validToken({
        key: attackerKey,
        header: { jku: planted },
        claims: { sub: 'admin' },
      });
      evidence({
        token,
        clauses: ['RFC 8725 §3.10', 'RFC 7515 §4.1.2'],
        note: `jku ${planted}: a file an attacker placed on the issuer host, not its configured jwks_uri.`,
      });
      await expectRejected(() => verify(token));
      expect(plantedFetches, 'requests the verifier sent to the planted key set').toBe(0);
    });

    it('treats kid as an opaque name: path traversal, SQL and command kids select no key', async () => {
      await expectValidTokenAccepted();
      expect(await acceptedVariants(await mint('A7'))).toEqual([]);
      expect(kit.host.hits(), 'requests the verifier sent to the attacker host').toBe(0);
    });
  });

  describe('RFC 8725 §3.8: issuer', () => {
    it("rejects a token our issuer signed with someone else's iss", async () => {
      await expectValidTokenAccepted();
      const [wrongIss] = await mint('C9', 'wrong-iss');
      evidence({
        token: wrongIss?.token ?? '',
        clauses: ['RFC 8725 §3.8', 'RFC 9068 §4'],
        note: wrongIss?.note ?? '',
      });
      await expectRejected(() => verify(wrongIss?.token ?? ''));
    });

    it("rejects a token with our iss signed by another issuer's key", async () => {
      await expectValidTokenAccepted();
      expect(await acceptedVariants(await mint('C9', 'foreign-issuer-key'))).toEqual([]);
    });

    it("rejects a token from another issuer, signed with that issuer's own key", async () => {
      await expectValidTokenAccepted();
      const { token } = await partner.issueAccessToken({
        sub: 'user-alice',
        audience: API,
      });
      evidence({
        token,
        clauses: ['RFC 8725 §3.8', 'RFC 9068 §4'],
        note: `A genuine ${PARTNER_ISSUER} token for this API.`,
      });
      await expectRejected(() => verify(token));
    });

    it("rejects a token whose iss names the attacker's host, without contacting it", async () => {
      await expectValidTokenAccepted();
      const attackerKey = await kit.attacker.key('ES256');
      const token = await kit.validToken({
        key: attackerKey,
        claims: { iss: kit.host.origin, sub: 'admin' },
      });
      evidence({
        token,
        clauses: ['RFC 8725 §3.8', 'RFC 8725 §3.10'],
        note: 'iss is the attacker origin, whose metadata names the attacker key set.',
      });
      await expectRejected(() => verify(token));
      expect(kit.host.hits(), 'requests the verifier sent to the attacker host').toBe(0);
    });
  });

  describe('RFC 9068 §4 step 3: issuer compared exactly, without normalisation', () => {
    it('rejects iss values that only look like the issuer: prefix, other path, case, trailing slash, scheme', async () => {
      await expectValidTokenAccepted();
      const issuer = new URL(as.issuer);
      const lookAlikes = [
        `${as.issuer}.attacker.test`,
        `${as.issuer}/tenant-b`,
        `${as.issuer}/`,
        `${issuer.protocol}//${issuer.host.toUpperCase()}`,
        `http://${issuer.host}`,
        `${as.issuer}#`,
      ];
      for (const iss of lookAlikes) {
        const token = await kit.validToken({ claims: { iss } });
        evidence({
          token,
          clauses: ['RFC 9068 §4', 'RFC 7519 §4.1.1'],
          note: `Signed by the issuer key with iss ${iss}, not exactly ${as.issuer}.`,
        });
        await expectRejected(() => verify(token), { label: `iss ${iss}` });
      }
    });
  });

  describe('RFC 8725 §3.9: audience', () => {
    it('rejects aud values that only look like this API: prefix, case, trailing slash, joined lists', async () => {
      await expectValidTokenAccepted();
      const api = new URL(API);
      const lookAlikes: (string | string[])[] = [
        `${API}.evil.test`,
        [`${API}.evil.test`, 'https://billing.example.test'],
        `${API}/`,
        `${api.protocol}//${api.host.toUpperCase()}`,
        `${API},https://billing.example.test`,
        `${API} https://billing.example.test`,
      ];
      for (const aud of lookAlikes) {
        const token = await kit.validToken({ claims: { aud } });
        evidence({
          token,
          clauses: ['RFC 9068 §4', 'RFC 7519 §4.1.3'],
          note: `aud ${JSON.stringify(aud)} contains no value exactly equal to ${API}.`,
        });
        await expectRejected(() => verify(token), { label: `aud ${JSON.stringify(aud)}` });
      }
    });

    it('rejects a token minted for another API', async () => {
      await expectValidTokenAccepted();
      const { token } = await as.issueAccessToken({
        audience: 'https://billing.example.test',
      });
      evidence({
        token,
        clauses: ['RFC 8725 §3.9', 'RFC 9068 §4'],
        note: 'A genuine token for https://billing.example.test.',
      });
      await expectRejected(() => verify(token));
    });

    it('rejects a token with no aud', async () => {
      await expectValidTokenAccepted();
      const [missing] = await mint('A13', 'missing-aud');
      evidence({
        token: missing?.token ?? '',
        clauses: missing?.clauses ?? [],
        note: missing?.note ?? '',
      });
      await expectRejected(() => verify(missing?.token ?? ''));
    });
  });

  describe('RFC 8725 §3.11–3.12: explicit typing', () => {
    it('rejects an ID token (typ JWT) that carries every access-token claim', async () => {
      await expectValidTokenAccepted();
      const token = await kit.validToken({ header: { typ: 'JWT' } });
      evidence({
        token,
        clauses: ['RFC 8725 §3.11', 'RFC 9068 §2.1'],
        note: 'typ JWT with iss, aud, sub, client_id, exp, iat, jti all valid.',
      });
      await expectRejected(() => verify(token));
    });

    it('rejects a token with no typ', async () => {
      await expectValidTokenAccepted();
      expect(await acceptedVariants(await mint('A14', 'no-typ'))).toEqual([]);
    });

    it('rejects a refresh token, a DPoP proof and an internal token signed by the same key', async () => {
      await expectValidTokenAccepted();
      const tokens = await mint('A14', 'refresh-token', 'dpop-proof', 'internal-token');
      expect(tokens).toHaveLength(3);
      expect(await acceptedVariants(tokens)).toEqual([]);
    });
  });

  describe('RFC 7519 §4.1.4–4.1.6: validity window', () => {
    it('rejects a token with no exp', async () => {
      await expectValidTokenAccepted();
      expect(await acceptedVariants(await mint('A12', 'no-exp'))).toEqual([]);
    });

    it('rejects a token that expired 30 s ago, the most clock skew it may forgive', async () => {
      await expectValidTokenAccepted();
      const token = await kit.validToken({
        claims: { iat: now() - 930, exp: now() - 30 },
      });
      evidence({
        token,
        clauses: ['RFC 7519 §4.1.4'],
        note: 'exp 30 s in the past: a tolerance of more than 30 s would accept it.',
      });
      await expectRejected(() => verify(token));
    });

    it('rejects a token not valid until 31 s from now, past the most clock skew it may forgive', async () => {
      await expectValidTokenAccepted();
      const token = await kit.validToken({ claims: { nbf: now() + 31 } });
      evidence({
        token,
        clauses: ['RFC 7519 §4.1.5'],
        note: 'nbf 31 s in the future: a tolerance of more than 30 s would accept it.',
      });
      await expectRejected(() => verify(token));
    });

    it('rejects a token issued an hour in the future', async () => {
      await expectValidTokenAccepted();
      expect(await acceptedVariants(await mint('A12', 'future-iat'))).toEqual([]);
    });

    it('rejects a token older than the 15-minute policy even when its exp is years away', async () => {
      await expectValidTokenAccepted();
      expect(await acceptedVariants(await mint('A12', 'ten-year-exp', 'infinite-exp'))).toEqual([]);
      const token = await kit.validToken({ claims: { iat: now() - 1200, exp: now() + 600 } });
      evidence({
        token,
        clauses: ['RFC 7519 §4.1.6', 'RFC 9068 §4'],
        note: 'Issued 20 minutes ago with 10 minutes left.',
      });
      await expectRejected(() => verify(token));
    });

    it('rejects an exp that is not a number', async () => {
      await expectValidTokenAccepted();
      expect(await acceptedVariants(await mint('A12', 'string-exp'))).toEqual([]);
    });

    it('stops accepting a token once the clock passes its exp', async () => {
      const { token, exp } = await as.issueAccessToken({});
      await expectAccepted(() => verify(token), { exp });
      await labClock().advance(900 + 60);
      evidence({
        token,
        clauses: ['RFC 7519 §4.1.4'],
        note: 'The same token, presented 60 s after its exp.',
      });
      await expectRejected(() => verify(token));
    });
  });

  describe('RFC 9068 §2.2: required claims', () => {
    it('rejects an access token without client_id, jti or sub', async () => {
      await expectValidTokenAccepted();
      for (const claim of ['client_id', 'jti', 'sub']) {
        const token = await kit.validToken({ omitClaims: [claim] });
        evidence({
          token,
          clauses: ['RFC 9068 §2.2'],
          note: `A genuine access token without ${claim}.`,
        });
        await expectRejected(() => verify(token), { label: `a token without ${claim}` });
      }
    });
  });

  describe('error reporting', () => {
    it("lets jose's error codes through, so the HTTP layer can tell an expired token from a forged one", async () => {
      const expired = await kit.validToken({
        claims: { iat: now() - 960, exp: now() - 60 },
      });
      const { token: misdirected } = await as.issueAccessToken({
        audience: 'https://billing.example.test',
      });
      const wrongType = await kit.validToken({ header: { typ: 'JWT' } });
      await expectRejected(() => verify(expired), { code: 'ERR_JWT_EXPIRED', label: 'expired' });
      await expectRejected(() => verify(misdirected), {
        code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
        label: 'another audience',
      });
      await expectRejected(() => verify(wrongType), {
        code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
        label: 'typ JWT',
      });
    });
  });

  describe('RFC 7515 §4.1.11: critical header parameters', () => {
    it('rejects a token whose crit names an extension this API does not implement', async () => {
      await expectValidTokenAccepted();
      expect(await acceptedVariants([...(await mint('A16')), ...(await mint('A17'))])).toEqual([]);
    });

    it('rejects a token whose crit names a confirmation or DPoP binding this API never checks', async () => {
      await expectValidTokenAccepted();
      const thumbprint = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
      for (const [name, value] of [
        ['cnf', { jkt: thumbprint }],
        ['urn:ietf:params:oauth:dpop', { jkt: thumbprint }],
      ] as const) {
        const token = await kit.validToken({ header: { crit: [name], [name]: value } });
        evidence({
          token,
          clauses: ['RFC 7515 §4.1.11'],
          note: `crit ["${name}"]: the token is only valid if its recipient enforces ${name}.`,
        });
        await expectRejected(() => verify(token), { label: `crit ${name}` });
      }
    });
  });

  describe("the issuer's key set: fetched once, and failing closed", () => {
    it('fetches the JWKS at most twice for ten requests, in sequence and concurrently', async () => {
      await expectValidTokenAccepted();
      const tokens = await Promise.all(
        Array.from({ length: 10 }, (_, index) => as.issueAccessToken({ sub: `user-${index}` })),
      );
      for (const { token } of tokens.slice(0, 5))
        await expectAccepted(() => verify(token), { iss: as.issuer });
      await Promise.all(
        tokens.slice(5).map(({ token }) => expectAccepted(() => verify(token), { iss: as.issuer })),
      );
      expect(jwksFetches, 'JWKS requests for eleven verifications').toBeLessThanOrEqual(2);
    });

    it('rejects a valid token when the JWKS endpoint fails or answers something that is not a key set', async () => {
      await expectValidTokenAccepted();
      for (const answer of ['error', 'malformed'] as const) {
        jwksAnswer = answer;
        const fresh = createAccessTokenVerifier({
          issuer: as.issuer,
          audience: API,
          jwksUri: as.endpoints.jwks,
        });
        const { token } = await as.issueAccessToken({ sub: 'user-alice' });
        evidence({
          token,
          clauses: ['RFC 8725 §3.10', 'RFC 9068 §4'],
          note: `A genuine token presented while the JWKS endpoint answers ${answer === 'error' ? '503' : '{"keys":"rotating"}'}.`,
        });
        await expectRejected(() => fresh(token), { label: `JWKS ${answer}` });
      }
      jwksAnswer = 'keys';
      const { token } = await as.issueAccessToken({ sub: 'user-alice' });
      const recovered = createAccessTokenVerifier({
        issuer: as.issuer,
        audience: API,
        jwksUri: as.endpoints.jwks,
      });
      await expectAccepted(() => recovered(token), { sub: 'user-alice' });
    });
  });
});
