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
  untilIdle,
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
/** Keys of other families the issuer also publishes (for other kinds of token): EdDSA, Ed25519 and PS256. */
let otherKeys: Awaited<ReturnType<LabAttacker['attacker']['key']>>[];
let kit: LabAttacker;
let verify: (token: string) => Promise<unknown>;
/** How many times the issuer's JWKS was requested. */
let jwksFetches: number;
/** What the issuer's JWKS endpoint answers: its key set, a server error, a body that is not a key set, or nothing yet. */
let jwksAnswer: 'keys' | 'error' | 'malformed' | 'hang';
/** While the JWKS endpoint hangs: the requests it holds, each answered (503) when the check lets go. */
let heldJwks: (() => void)[];
/** What answers for the issuer's origin on the network: its endpoints, with the JWKS above. */
let issuerHandler: (request: Request) => Response | Promise<Response>;

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
  heldJwks = [];
  as.close();
  issuerHandler = (request) => {
    if (request.url !== as.endpoints.jwks) return as.fetch(request);
    jwksFetches += 1;
    if (jwksAnswer === 'error') return new Response('upstream unavailable', { status: 503 });
    if (jwksAnswer === 'malformed') return Response.json({ keys: 'rotating' });
    if (jwksAnswer === 'hang') {
      return new Promise<Response>((resolve) => {
        heldJwks.push(() => resolve(new Response('upstream timed out', { status: 503 })));
      });
    }
    return Response.json({
      keys: [
        ...as.keys.jwks().keys,
        idTokenKey.publicJwk,
        es384Key.publicJwk,
        ...otherKeys.map((key) => key.publicJwk),
      ],
    });
  };
  labNetwork().register(as.issuer, issuerHandler);
  partner = await createTokenServer({ issuer: PARTNER_ISSUER, audience: API });
  // The partner signs with its own key (both servers would otherwise start from the simulation's first key).
  await partner.keys.rotate();
  partner.keys.retire(as.keys.signingKey().kid);
  kit = labAttacker(as, { audience: API, foreignIssuer: partner });
  es384Key = await kit.attacker.key('ES384', 'as-es384');
  otherKeys = [
    await kit.attacker.key('EdDSA', 'as-eddsa'),
    await kit.attacker.key('Ed25519', 'as-ed25519'),
    await kit.attacker.key('PS256', 'as-ps256'),
  ];
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
      // Every other family the key set publishes: EdDSA (both names of the algorithm) and RSA-PSS.
      for (const key of otherKeys) {
        const token = await kit.validToken({ key });
        evidence({
          token,
          clauses: ['RFC 8725 §3.1'],
          note: `An access token signed ${key.alg} with a key the issuer JWKS publishes; only ES256 is allowed.`,
        });
        await expectRejected(() => verify(token), { label: `alg ${key.alg}` });
      }
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
        // Prefixes of this API's identifier: a parent it does not own, and the bare scheme.
        'https://api.example',
        'https:',
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
      // An API whose identifier has a path: a token for its parent (the host, or the host with a slash) is not for it.
      const orders = `${API}/orders`;
      const ordersVerifier = createAccessTokenVerifier({
        issuer: as.issuer,
        audience: orders,
        jwksUri: as.endpoints.jwks,
      });
      const { token: forOrders } = await as.issueAccessToken({ audience: orders });
      await expectAccepted(() => ordersVerifier(forOrders), { aud: orders }, { label: `aud ${orders}` });
      for (const parent of [API, `${API}/`, 'https:']) {
        const token = await kit.validToken({ claims: { aud: parent } });
        evidence({
          token,
          clauses: ['RFC 9068 §4', 'RFC 7519 §4.1.3'],
          note: `aud ${parent}, a prefix of ${orders}, presented to the API whose audience is ${orders}.`,
        });
        await expectRejected(() => ordersVerifier(token), { label: `aud ${parent} at ${orders}` });
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

    it('keeps each verifier to its own issuer and audience: a token another verifier accepted is still refused here', async () => {
      const billing = 'https://billing.example.test';
      const billingVerifier = createAccessTokenVerifier({
        issuer: as.issuer,
        audience: billing,
        jwksUri: as.endpoints.jwks,
      });
      const partnerVerifier = createAccessTokenVerifier({
        issuer: partner.issuer,
        audience: API,
        jwksUri: partner.endpoints.jwks,
      });
      const { token: forBilling } = await as.issueAccessToken({ sub: 'user-alice', audience: billing });
      const { token: fromPartner } = await partner.issueAccessToken({ sub: 'user-alice', audience: API });
      const { token: ours } = await as.issueAccessToken({ sub: 'user-alice' });
      evidence({
        token: forBilling,
        clauses: ['RFC 8725 §3.9', 'RFC 9068 §4'],
        note: `A genuine token for ${billing}, accepted by the billing API's verifier, then presented here.`,
      });
      evidence({
        token: fromPartner,
        clauses: ['RFC 8725 §3.8', 'RFC 9068 §4'],
        note: `A genuine ${PARTNER_ISSUER} token, accepted by a verifier that trusts that issuer, then presented here.`,
      });
      // Each token is first accepted where it belongs, then presented where it does not, in both directions.
      await expectAccepted(
        () => billingVerifier(forBilling),
        { aud: billing },
        { label: 'billing verifier' },
      );
      await expectRejected(() => verify(forBilling), { label: 'the billing token here' });
      await expectAccepted(
        () => partnerVerifier(fromPartner),
        { iss: partner.issuer },
        { label: 'partner verifier' },
      );
      await expectRejected(() => verify(fromPartner), { label: 'the partner token here' });
      await expectAccepted(() => verify(ours), { iss: as.issuer }, { label: 'our token here' });
      await expectRejected(() => billingVerifier(ours), { label: 'our token at the billing verifier' });
      await expectRejected(() => partnerVerifier(ours), { label: 'our token at the partner verifier' });
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

    it('rejects typ values that only contain at+jwt: prefixed, suffixed, or with the media type written twice', async () => {
      await expectValidTokenAccepted();
      for (const typ of [
        'internal-at+jwt',
        'at+jwt-refresh',
        'application/at+jwt+x',
        'application/application/at+jwt',
      ]) {
        const token = await kit.validToken({ header: { typ } });
        evidence({
          token,
          clauses: ['RFC 8725 §3.11', 'RFC 9068 §2.1'],
          note: `typ ${typ}: another media type that merely contains at+jwt, signed by the issuer key.`,
        });
        await expectRejected(() => verify(token), { label: `typ ${typ}` });
      }
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
      // Just outside the largest choice: 15 minutes plus 30 s of tolerance, plus one second.
      const justOutside = await kit.validToken({ claims: { iat: now() - 931, exp: now() + 60 } });
      evidence({
        token: justOutside,
        clauses: ['RFC 7519 §4.1.6', 'RFC 9068 §4'],
        note: 'Issued 15 min 31 s ago with a minute left: past 15 minutes plus the most tolerance allowed.',
      });
      await expectRejected(() => verify(justOutside), { label: 'issued 931 s ago' });
    });

    it('rejects an exp that is not a number', async () => {
      await expectValidTokenAccepted();
      expect(await acceptedVariants(await mint('A12', 'string-exp'))).toEqual([]);
    });

    it('stops accepting a token once the clock passes its exp', async () => {
      const { token, exp } = await as.issueAccessToken({});
      await expectAccepted(() => verify(token), { exp });
      // Accepted again a second before its exp, then presented 30 s after it: a verdict kept (cached) from an
      // earlier presentation must not outlive the token.
      await labClock().advance(900 - 1);
      await expectAccepted(() => verify(token), { exp }, { label: 'a second before its exp' });
      await labClock().advance(1 + 30);
      evidence({
        token,
        clauses: ['RFC 7519 §4.1.4'],
        note: 'The same token, accepted a second before its exp, presented again 30 s after its exp.',
      });
      await expectRejected(() => verify(token), { label: '30 s after its exp' });
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
      const thrown = [
        await expectRejected(() => verify(wrongType), {
          code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
          label: 'typ JWT',
        }),
      ];
      // The error ends up in logs: it must not carry the bearer token itself (nor its signature).
      thrown.push(await expectRejected(() => verify(misdirected), { label: 'another audience' }));
      thrown.push(await expectRejected(() => verify(expired), { label: 'expired' }));
      for (const [index, token] of [wrongType, misdirected, expired].entries()) {
        const signature = token.split('.')[2] ?? token;
        expect(
          JSON.stringify([thrown[index]?.message, thrown[index]?.value]).includes(signature),
          'the error your code threw (message, cause and every field) contains the rejected token',
        ).toBe(false);
      }
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

    it('fetches the JWKS at most twice for ten tokens whose kid names no published key, concurrently and over 25 s', async () => {
      await expectValidTokenAccepted();
      const attackerKey = await kit.attacker.key('ES256');
      const unknown = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          kit.validToken({
            key: attackerKey,
            header: { kid: `rotated-${index}-${attackerKey.kid.slice(0, 8)}` },
          }),
        ),
      );
      for (const token of unknown.slice(0, 2)) {
        evidence({
          token,
          clauses: ['RFC 8725 §3.10', 'RFC 7515 §4.1.4'],
          note: 'One of ten tokens whose kid names no key in the issuer JWKS: each may not cost a JWKS request.',
        });
      }
      await Promise.all(
        unknown
          .slice(0, 5)
          .map((token, index) => expectRejected(() => verify(token), { label: `unknown kid #${index + 1}` })),
      );
      for (const [index, token] of unknown.slice(5).entries()) {
        await labClock().advance(5);
        await expectRejected(() => verify(token), { label: `unknown kid #${index + 6}` });
      }
      expect(
        jwksFetches,
        'JWKS requests for one genuine token and ten unknown kids within 25 s',
      ).toBeLessThanOrEqual(2);
    });

    it('stops trusting a key the issuer removed from its set 10 minutes later, and trusts the key that replaced it', async () => {
      const { token: seen } = await as.issueAccessToken({ sub: 'user-alice' });
      // Signed by the same key at the same time, but first presented after the key's removal.
      const { token: before } = await as.issueAccessToken({ sub: 'user-carol' });
      await expectAccepted(() => verify(seen), { sub: 'user-alice' }, { label: 'before the rotation' });
      const retired = as.keys.signingKey().kid;
      await as.keys.rotate();
      as.keys.retire(retired);
      await labClock().advance(600 + 1);
      evidence({
        token: before,
        clauses: ['RFC 8725 §3.10', 'RFC 9068 §4'],
        note: 'Signed by a key the issuer removed from its JWKS 10 min 1 s ago (e.g. after a compromise), first presented now; the token is 10 min old.',
      });
      await expectRejected(() => verify(before), { label: 'signed by the removed key' });
      const { token: after } = await as.issueAccessToken({ sub: 'user-bob' });
      await expectAccepted(() => verify(after), { sub: 'user-bob' }, { label: 'signed by the new key' });
    });

    it('rejects a forged token, and a genuine one, when the JWKS origin is unreachable or never answers', async () => {
      await expectValidTokenAccepted();
      const attackerKey = await kit.attacker.key('ES256');
      // The attacker's own key under the issuer's kid, with every claim right: only the key set can tell.
      const forged = await kit.validToken({
        key: attackerKey,
        header: { kid: as.keys.signingKey().kid },
        claims: { sub: 'admin' },
      });
      const { token: genuine } = await as.issueAccessToken({ sub: 'user-alice' });
      evidence({
        token: forged,
        clauses: ['RFC 8725 §3.10', 'RFC 9068 §4'],
        note: "Signed by the attacker's key under the issuer's kid, presented while the key set cannot be fetched.",
      });
      const config = { issuer: as.issuer, audience: API, jwksUri: as.endpoints.jwks };
      // By error: the issuer's origin is gone from the network (the connection is refused).
      labNetwork().unregister(as.issuer);
      for (const token of [forged, genuine]) {
        const unreachable = createAccessTokenVerifier(config);
        await expectRejected(() => unreachable(token), {
          label: `${token === forged ? 'forged' : 'genuine'} token, JWKS origin unreachable`,
        });
      }
      labNetwork().register(as.issuer, issuerHandler);
      // By silence: the JWKS request never answers until the check lets go (its own deadline), while the clock
      // moves a minute, so any timer the verifier set itself fires first.
      jwksAnswer = 'hang';
      const hung = createAccessTokenVerifier(config);
      let outcome: Awaited<ReturnType<typeof settle>> | undefined;
      const pending = settle(() => hung(forged)).then((settled) => {
        outcome = settled;
        return settled;
      });
      await untilIdle();
      await labClock().advance(60);
      await untilIdle();
      expect(
        outcome?.accepted === true,
        'your code accepted the forged token while the JWKS request had not answered',
      ).toBe(false);
      jwksAnswer = 'error';
      for (const release of heldJwks.splice(0)) release();
      const settled = await pending;
      expect(settled.accepted, 'your code accepted the forged token once the JWKS request failed').toBe(
        false,
      );
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
