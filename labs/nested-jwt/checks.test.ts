import { beforeEach, describe, expect, it } from 'vitest';
import { createTokenOpener, createTokenSealer } from '@lab/submission';
import {
  attackTargetOf,
  attackerHost,
  createAttackToolkit,
  createTokenServer,
  evidence,
  expectAccepted,
  labClock,
  labNetwork,
  recordAttack,
  settle,
  untilIdle,
  type AttackToolkit,
  type TokenServer,
} from '@lab/server';
import {
  CompactEncrypt,
  compactDecrypt,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWTPayload,
} from 'jose';

/** The resource server (this API): the audience every token must name, and the owner of the key pair. */
const API = 'https://api.example.test';
/** A second authorization server on the same network, which this API does not trust. */
const PARTNER_ISSUER = 'https://partner-as.example.test';
const CLAIMS = { sub: 'user-alice', client_id: 'lab-client', scope: 'read' };
/** Another API of the same issuer, whose tokens must not open here. */
const OTHER_API = 'https://billing.example.test';
/** Where the fail-closed check serves a key set that fails: an error answer, or no answer at all. */
const BROKEN_JWKS = 'https://keys-down.example.test/.well-known/jwks.json';
/** A key set on an origin nobody serves: fetch rejects with a TypeError, as for a host that is down. */
const GONE_JWKS = 'https://keys-gone.example.test/.well-known/jwks.json';
/** Where the inner-algorithm check serves the issuer's key set with one more (ES384) key in it. */
const MIXED_JWKS = 'https://keys-mixed.example.test/.well-known/jwks.json';
/** Where the key-removal check serves a key set it rotates. */
const ROTATING_JWKS = 'https://keys-rotating.example.test/.well-known/jwks.json';

let as: TokenServer;
let partner: TokenServer;
let rs: { publicKey: CryptoKey; privateKey: CryptoKey };
let kit: AttackToolkit;
let seal: (claims: JWTPayload) => Promise<string>;
let open: (jwe: string) => Promise<unknown>;

/** The longest lifetime a sealed token may have: the statement's "short exp". */
const MAX_LIFETIME = 300;
/** The most clock tolerance the statement allows the opener. */
const MAX_TOLERANCE = 60;

/** What the learner's opener did with a token: `accepted`, or the `code` (else the name) of what it threw. */
async function verdict(jwe: string, by: (jwe: string) => Promise<unknown> = open): Promise<string> {
  const outcome = await settle(() => by(jwe));
  if (outcome.accepted) return 'accepted';
  return outcome.error.code ?? outcome.error.name ?? 'thrown';
}

/** The API's opener with another configuration (created after the beforeEach one, in the same module instance). */
function otherOpener(config: {
  issuer: string;
  audience: string;
  jwksUri: string;
  decryptionKey: CryptoKey;
}): (jwe: string) => Promise<unknown> {
  const opener = createTokenOpener(config).open;
  return opener;
}

/** Encrypts `plaintext` to `publicKey` as the issuer does (ECDH-ES, A256GCM, cty JWT). */
function encryptTo(publicKey: CryptoKey, plaintext: string): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', cty: 'JWT' })
    .encrypt(publicKey);
}

/** Seals `claims` with the learner's sealer; the check fails if it throws or returns anything but a string. */
async function sealed(claims: JWTPayload = CLAIMS): Promise<string> {
  const jwe = await expectAccepted(() => seal(claims), expect.any(String), { label: 'seal' });
  return jwe as string;
}

/** Opens a JWE the learner sealed and returns the inner JWS and both protected headers. */
async function unwrap(jwe: string) {
  const { plaintext, protectedHeader } = await compactDecrypt(jwe, rs.privateKey, {
    keyManagementAlgorithms: ['ECDH-ES'],
    contentEncryptionAlgorithms: ['A256GCM'],
  });
  const jws = new TextDecoder().decode(plaintext);
  return { jws, outer: protectedHeader, inner: decodeProtectedHeader(jws) };
}

/** Encrypts `plaintext` to the resource server's public key, with a header the check chooses. */
function encryptToApi(plaintext: string, header: Record<string, unknown> = {}): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', cty: 'JWT', ...header })
    .encrypt(rs.publicKey);
}

/** The positive control every attack check starts with, so an opener that rejects everything fails. */
async function expectSealedTokenOpened(): Promise<void> {
  const jwe = await encryptToApi(await kit.validToken());
  await expectAccepted(
    () => open(jwe),
    { iss: as.issuer, aud: API, sub: CLAIMS.sub },
    { label: 'genuine token' },
  );
}

beforeEach(async () => {
  as = await createTokenServer({ audience: API });
  partner = await createTokenServer({ issuer: PARTNER_ISSUER, audience: API });
  // The partner signs with its own key (both servers would otherwise start from the simulation's first key).
  await partner.keys.rotate();
  partner.keys.retire(as.keys.signingKey().kid);
  const pair = await generateKeyPair('ECDH-ES', { crv: 'P-256' });
  rs = { publicKey: pair.publicKey, privateKey: pair.privateKey };
  kit = createAttackToolkit({
    target: {
      ...attackTargetOf(as, { audience: API, claims: CLAIMS }),
      encryptionKey: { alg: 'ECDH-ES', publicKey: rs.publicKey },
    },
    attacker: attackerHost().attacker,
  });
  const signing = as.keys.signingKey();
  if (signing.privateKey instanceof Uint8Array)
    throw new TypeError('the issuer must sign with an asymmetric key');
  seal = createTokenSealer({
    issuer: as.issuer,
    audience: API,
    signingKey: { kid: signing.kid, privateKey: signing.privateKey },
    encryptionKey: rs.publicKey,
  }).seal;
  open = createTokenOpener({
    issuer: as.issuer,
    audience: API,
    jwksUri: as.endpoints.jwks,
    decryptionKey: rs.privateKey,
  }).open;
});

describe('createTokenSealer', () => {
  it('signs, then encrypts: the API key decrypts it to a JWS the issuer key verifies (RFC 8725 §2.3)', async () => {
    const jwe = await sealed();
    // A compact JWE has five segments; a compact JWS (whatever it wraps) has three.
    expect(jwe.split('.').length).toBe(5);
    const { jws, outer, inner } = await unwrap(jwe);
    expect({ alg: outer.alg, enc: outer.enc, cty: outer.cty }).toEqual({
      alg: 'ECDH-ES',
      enc: 'A256GCM',
      cty: 'JWT',
    });
    expect(inner.kid).toBe(as.keys.signingKey().kid);
    const issuerKeys = createLocalJWKSet(as.keys.jwks());
    const { payload } = await jwtVerify(jws, issuerKeys, {
      algorithms: ['ES256'],
      issuer: as.issuer,
      audience: API,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat'],
    });
    expect(payload).toMatchObject(CLAIMS);
  });

  it(`gives the inner token a short lifetime: exp at most ${MAX_LIFETIME} s after iat, and iat now`, async () => {
    const { jws } = await unwrap(await sealed());
    const { iat, exp } = decodeJwt(jws);
    const now = Math.floor(labClock().now().getTime() / 1000);
    expect(iat, 'iat').toBe(now);
    expect(
      typeof exp === 'number' && exp > now && exp - now <= MAX_LIFETIME,
      `exp ${exp} at now ${now}`,
    ).toBe(true);
  });

  it('does not compress before encrypting: no zip in the JWE header (RFC 8725 §3.6)', async () => {
    // A small token, and a large one (80 groups, about 4 kB) that compression would shrink most.
    const groups = Array.from({ length: 80 }, (_, i) => `group-${String(i).padStart(3, '0')}-orders-readers`);
    for (const [label, claims] of [
      ['small claims', CLAIMS],
      ['80 groups', { ...CLAIMS, groups }],
    ] as const) {
      const header = decodeProtectedHeader(await sealed(claims));
      expect(header.zip, label).toBeUndefined();
    }
  });

  it('sets iss, aud, iat and exp itself, whatever the claims handed to seal say', async () => {
    const now = Math.floor(labClock().now().getTime() / 1000);
    const { jws } = await unwrap(
      await sealed({
        ...CLAIMS,
        iss: PARTNER_ISSUER,
        aud: OTHER_API,
        iat: now - 3600,
        exp: now + 365 * 24 * 3600,
      }),
    );
    const { iss, aud, iat, exp } = decodeJwt(jws);
    expect({ iss, aud: [aud].flat(), iat }, 'iss, aud and iat of the sealed token').toEqual({
      iss: as.issuer,
      aud: [API],
      iat: now,
    });
    expect(
      typeof exp === 'number' && exp > now && exp - now <= MAX_LIFETIME,
      `exp ${exp} at now ${now}`,
    ).toBe(true);
  });

  it('puts no claim in the JWE header, which anyone can read without the key', async () => {
    const claims = { ...CLAIMS, email: 'alice.smith@example.test', name: 'Alice Smith' };
    const jwe = await sealed(claims);
    const { jws } = await unwrap(jwe);
    const inner = Object.keys(decodeJwt(jws));
    const replicated = Object.keys(decodeProtectedHeader(jwe)).filter((name) => inner.includes(name));
    expect(replicated, 'claims replicated in the JWE protected header').toEqual([]);
  });

  it('produces tokens the opener accepts', async () => {
    const jwe = await sealed();
    await expectAccepted(() => open(jwe), { ...CLAIMS, iss: as.issuer, aud: API });
  });
});

describe('createTokenOpener', () => {
  describe('legitimate traffic', () => {
    it("opens a Nested JWT the issuer signed for this API and returns the inner token's claims", async () => {
      const jwe = await encryptToApi(await kit.validToken({ claims: { scope: 'read write' } }));
      await expectAccepted(() => open(jwe), {
        iss: as.issuer,
        aud: API,
        sub: CLAIMS.sub,
        scope: 'read write',
      });
    });

    it('returns the inner claims, never claims replicated in the JWE header (RFC 7519 §5.3)', async () => {
      const jwe = await encryptToApi(await kit.validToken(), {
        sub: 'admin',
        scope: 'admin',
        iss: as.issuer,
      });
      // Claims the inner token lacks, added by whoever re-wrapped it: none may fill a gap.
      const filled = await encryptToApi(await kit.validToken({ omitClaims: ['scope'] }), {
        scope: 'orders:admin',
        roles: ['admin'],
        act: { sub: 'admin' },
      });
      evidence({
        token: jwe,
        clauses: ['RFC 7519 §5.3', 'RFC 8725 §3.3'],
        note: 'A genuine inner token re-wrapped by anyone holding the public key, with sub and scope in the JWE header.',
      });
      evidence({
        token: filled,
        clauses: ['RFC 7519 §5.3', 'RFC 8725 §3.3'],
        note: 'A genuine inner token without scope, re-wrapped with scope, roles and act in the JWE header.',
      });
      const outcome = await settle(() => open(jwe));
      if (outcome.accepted) expect(outcome.value).toMatchObject({ sub: CLAIMS.sub, scope: CLAIMS.scope });
      const gap = await settle(() => open(filled));
      if (gap.accepted) {
        const { scope, roles, act } = (gap.value ?? {}) as Record<string, unknown>;
        expect({ scope, roles, act }, 'header claims the inner token lacks').toEqual({
          scope: undefined,
          roles: undefined,
          act: undefined,
        });
      }
    });
  });

  describe('the inner token is an access token', () => {
    it('rejects an inner token without exp or iat, or with a non-numeric exp or iat', async () => {
      await expectSealedTokenOpened();
      const variants: Array<[string, Parameters<AttackToolkit['validToken']>[0]]> = [
        ['no exp', { omitClaims: ['exp'] }],
        ['no iat', { omitClaims: ['iat'] }],
        ['exp as a string', { claims: { exp: '4102444800' } }],
        ['iat as a string', { claims: { iat: '1767225600' } }],
      ];
      for (const [label, changes] of variants) {
        const jwe = await encryptToApi(await kit.validToken(changes));
        evidence({ token: jwe, clauses: ['RFC 9068 §2.2', 'RFC 7519 §7.2'], note: `inner token: ${label}` });
        expect(await verdict(jwe), label).not.toBe('accepted');
      }
    });

    it('rejects an inner JWS of another type from the same issuer (typ JWT, or no typ), even in a JWE whose header says at+jwt', async () => {
      await expectSealedTokenOpened();
      for (const [label, changes] of [
        ['typ JWT', { header: { typ: 'JWT' } }],
        ['no typ', { omitHeader: ['typ'] }],
      ] as const) {
        const inner = await kit.validToken(changes);
        // The JWE header is written by whoever encrypts: a typ there says nothing about the signed token.
        for (const [outer, header] of [
          ['', {}],
          [', outer typ at+jwt', { typ: 'at+jwt' }],
        ] as const) {
          const jwe = await encryptToApi(inner, header);
          evidence({
            token: jwe,
            clauses: ['RFC 8725 §3.11', 'RFC 9068 §4'],
            note: `inner token: ${label}${outer}`,
          });
          expect(await verdict(jwe), `${label}${outer}`).not.toBe('accepted');
        }
      }
    });

    it('rejects a JWE that does not say it carries a Nested JWT (cty JWT, RFC 7519 §5.2)', async () => {
      await expectSealedTokenOpened();
      // RFC 7519 §5.2: when nested signing or encryption is employed, cty MUST be present, with the value JWT.
      for (const [label, cty] of [
        ['no cty', undefined],
        ['cty json', 'json'],
        ['cty at+jwt', 'at+jwt'],
      ] as const) {
        const jwe = await encryptToApi(await kit.validToken(), { cty });
        evidence({ token: jwe, clauses: ['RFC 7519 §5.2'], note: `outer header: ${label}` });
        expect(await verdict(jwe), label).not.toBe('accepted');
      }
    });

    it('rejects an inner JWS that carries its own key in a jwk header (RFC 8725 §3.10)', async () => {
      await expectSealedTokenOpened();
      const inner = await kit.mintVariant('A9', 'jwk-header');
      const jwe = await encryptToApi(inner.token);
      evidence({ token: jwe, clauses: ['RFC 8725 §3.10', 'RFC 7515 §4.1.3'], note: inner.note });
      expect(await verdict(jwe)).not.toBe('accepted');
    });

    it(`rejects an inner token expired ${MAX_TOLERANCE + 1} s ago, accepted earlier, and opens one with 1 s left`, async () => {
      const now = Math.floor(labClock().now().getTime() / 1000);
      const short = await encryptToApi(await kit.validToken({ claims: { iat: now, exp: now + 1 } }));
      await expectAccepted(() => open(short), { sub: CLAIMS.sub }, { label: 'inner token with 1 s left' });
      await labClock().advance(MAX_TOLERANCE + 2);
      evidence({
        token: short,
        clauses: ['RFC 7519 §4.1.4'],
        note: `the same token presented again, ${MAX_TOLERANCE + 1} s after its exp`,
      });
      expect(await verdict(short)).toBe('ERR_JWT_EXPIRED');
    });
  });

  describe('RFC 8725 §3.3: both layers are validated', () => {
    it('rejects an unsigned claims set encrypted to the API (EncryptJWT): anyone holding the public key can make one', async () => {
      await expectSealedTokenOpened();
      const attack = recordAttack(await kit.mintVariant('A15', 'unsigned-jwe'));
      expect(await verdict(attack.token)).not.toBe('accepted');
    });

    it('rejects a Nested JWT whose inner signature was made for other claims', async () => {
      await expectSealedTokenOpened();
      const attack = recordAttack(await kit.mintVariant('A15', 'nested-bad-inner-signature'));
      expect(await verdict(attack.token)).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    });

    it('rejects an inner JWS from another issuer, whether signed with its own key or with ours', async () => {
      await expectSealedTokenOpened();
      const foreign = partner.keys.signingKey();
      const partnerSigned = await encryptToApi(
        await kit.validToken({ key: foreign, claims: { iss: PARTNER_ISSUER } }),
      );
      const wrongIss = await encryptToApi(await kit.validToken({ claims: { iss: PARTNER_ISSUER } }));
      evidence({
        token: partnerSigned,
        clauses: ['RFC 8725 §3.3', 'RFC 8725 §3.8'],
        note: 'Encrypted to this API; inside, a JWS the partner issuer signed with its own key.',
      });
      evidence({
        token: wrongIss,
        clauses: ['RFC 8725 §3.3', 'RFC 8725 §3.8'],
        note: "Encrypted to this API; inside, a JWS signed by our issuer's key but naming the partner as iss.",
      });
      expect(await verdict(partnerSigned)).not.toBe('accepted');
      expect(await verdict(wrongIss)).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    });

    it('rejects a Nested JWT whose inner token was minted for another API', async () => {
      await expectSealedTokenOpened();
      const jwe = await encryptToApi(
        await kit.validToken({ claims: { aud: 'https://billing.example.test' } }),
      );
      evidence({
        token: jwe,
        clauses: ['RFC 8725 §3.3', 'RFC 8725 §3.9'],
        note: 'A correctly signed and encrypted token whose inner aud names another API.',
      });
      expect(await verdict(jwe)).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    });

    it('rejects an inner iss or aud that only looks like ours, or is missing, though our issuer key signed it', async () => {
      await expectSealedTokenOpened();
      const cases: Array<[string, Parameters<AttackToolkit['validToken']>[0]]> = [
        ['iss with a tenant path', { claims: { iss: `${as.issuer}/tenants/acme` } }],
        ['iss with a suffix', { claims: { iss: `${as.issuer}.evil.test` } }],
        ['iss with a trailing slash', { claims: { iss: `${as.issuer}/` } }],
        ['iss in upper case', { claims: { iss: as.issuer.toUpperCase() } }],
        ['no iss', { omitClaims: ['iss'] }],
        ['aud with a suffix', { claims: { aud: `${API}.evil.example` } }],
        ['aud with a dash suffix', { claims: { aud: `${API}-staging` } }],
        ['aud with a path', { claims: { aud: `${API}/x` } }],
        ['aud in upper case', { claims: { aud: API.toUpperCase() } }],
        ['no aud', { omitClaims: ['aud'] }],
      ];
      for (const [label, changes] of cases) {
        const jwe = await encryptToApi(await kit.validToken(changes));
        evidence({
          token: jwe,
          clauses: ['RFC 7519 §2', 'RFC 8725 §3.8', 'RFC 8725 §3.9'],
          note: `inner token signed by our issuer's key: ${label}`,
        });
        expect(await verdict(jwe), label).not.toBe('accepted');
      }
    });

    it('rejects a bare JWS the issuer signed for this API: open takes only an encrypted token', async () => {
      await expectSealedTokenOpened();
      const jws = await kit.validToken();
      evidence({
        token: jws,
        clauses: ['RFC 8725 §3.3'],
        note: 'A genuine access token that was never encrypted: its personal data crossed every hop in clear.',
      });
      expect(await verdict(jws)).not.toBe('accepted');
    });

    it('rejects an inner token signed with another algorithm, even with a key the issuer publishes (ES384)', async () => {
      const es384 = await kit.attacker.key('ES384');
      labNetwork().register(new URL(MIXED_JWKS).origin, () =>
        Response.json({ keys: [...as.keys.jwks().keys, es384.publicJwk] }),
      );
      const mixed = otherOpener({
        issuer: as.issuer,
        audience: API,
        jwksUri: MIXED_JWKS,
        decryptionKey: rs.privateKey,
      });
      const genuine = await encryptToApi(await kit.validToken());
      await expectAccepted(() => mixed(genuine), { sub: CLAIMS.sub }, { label: 'genuine ES256 token' });
      const payload = decodeJwt(await kit.validToken());
      const inner = await new SignJWT(payload)
        .setProtectedHeader({ alg: 'ES384', kid: es384.kid, typ: 'at+jwt' })
        .sign(es384.privateKey);
      const jwe = await encryptToApi(inner);
      evidence({
        token: jwe,
        clauses: ['RFC 8725 §3.1'],
        note: 'An ES384 inner token, verified by an ES384 key published next to the ES256 ones.',
      });
      expect(await verdict(jwe, mixed)).not.toBe('accepted');
    });

    it('never fetches a jku the inner token names, even one that starts like config.jwksUri', async () => {
      await expectSealedTokenOpened();
      const mallory = await kit.attacker.key('ES256');
      const origin = new URL(as.endpoints.jwks).origin;
      const hits: string[] = [];
      const lookalikes = [`${origin}.evil.test`, `${origin}-keys.evil.test`, `${origin}:8443`];
      for (const lookalike of lookalikes)
        labNetwork().register(lookalike, (request) => {
          hits.push(request.url);
          return Response.json({ keys: [mallory.publicJwk] });
        });
      for (const lookalike of lookalikes) {
        const jku = `${lookalike}${new URL(as.endpoints.jwks).pathname}`;
        const jwe = await encryptToApi(
          await kit.validToken({ key: mallory, header: { jku }, claims: { sub: 'admin' } }),
        );
        evidence({
          token: jwe,
          clauses: ['RFC 8725 §3.10', 'RFC 7515 §4.1.2'],
          note: `Signed by the attacker key, with a jku on ${lookalike}, which config.jwksUri's origin prefixes.`,
        });
        expect(await verdict(jwe), jku).not.toBe('accepted');
      }
      expect(hits, 'requests to the key sets the tokens named').toEqual([]);
    });
  });

  describe('state: each opener, and each key set, is its own', () => {
    it('keeps nothing of one opener in another: a second opener (another issuer, API and key) refuses what the first accepts', async () => {
      const pair = await generateKeyPair('ECDH-ES', { crv: 'P-256' });
      const second = otherOpener({
        issuer: PARTNER_ISSUER,
        audience: OTHER_API,
        jwksUri: partner.endpoints.jwks,
        decryptionKey: pair.privateKey,
      });
      const forFirst = await encryptToApi(await kit.validToken());
      const partnerKey = partner.keys.signingKey();
      const forSecond = await encryptTo(
        pair.publicKey,
        await kit.validToken({ key: partnerKey, claims: { iss: PARTNER_ISSUER, aud: OTHER_API } }),
      );
      // Signed with the first issuer's key, but naming the second issuer and API: only the first's key set has that key.
      const crossSigned = await encryptTo(
        pair.publicKey,
        await kit.validToken({ claims: { iss: PARTNER_ISSUER, aud: OTHER_API, sub: 'admin' } }),
      );
      evidence({
        token: crossSigned,
        clauses: ['RFC 8725 §3.3', 'RFC 8725 §3.8'],
        note: "Encrypted to the second API, naming its issuer, signed with the first issuer's key.",
      });
      await expectAccepted(
        () => open(forFirst),
        { sub: CLAIMS.sub },
        { label: 'the first opener, its own token' },
      );
      expect(await verdict(forFirst, second), "the second opener, the first's token").not.toBe('accepted');
      expect(
        await verdict(crossSigned, second),
        "the second opener, signed with the first issuer's key",
      ).not.toBe('accepted');
      await expectAccepted(
        () => second(forSecond),
        { iss: PARTNER_ISSUER, sub: CLAIMS.sub },
        { label: 'the second opener, its own token' },
      );
      expect(await verdict(forSecond), "the first opener, the second's token").not.toBe('accepted');
    });

    it('stops trusting a key removed from config.jwksUri within 10 minutes', async () => {
      // The issuer's key set on an origin of the check's own, so the rotation touches no other opener's keys.
      const withdrawn = as.keys.signingKey();
      const successor = await kit.attacker.key('ES256');
      let published = [withdrawn.publicJwk, successor.publicJwk];
      labNetwork().register(new URL(ROTATING_JWKS).origin, () => Response.json({ keys: published }));
      const rotating = otherOpener({
        issuer: as.issuer,
        audience: API,
        jwksUri: ROTATING_JWKS,
        decryptionKey: rs.privateKey,
      });
      const before = await encryptToApi(await kit.validToken({ key: withdrawn }));
      await expectAccepted(
        () => rotating(before),
        { sub: CLAIMS.sub },
        { label: 'a token signed with the key' },
      );
      published = [successor.publicJwk];
      await labClock().advance(10 * 60 + 1);
      const jwe = await encryptToApi(await kit.validToken({ key: withdrawn }));
      evidence({
        token: jwe,
        clauses: ['RFC 8725 §3.3', 'RFC 7517 §5'],
        note: 'Signed, 10 minutes and 1 s after its removal from the key set, with a key the issuer withdrew.',
      });
      expect(await verdict(jwe, rotating), 'a token signed with the removed key').not.toBe('accepted');
      const current = await encryptToApi(await kit.validToken({ key: successor }));
      await expectAccepted(
        () => rotating(current),
        { sub: CLAIMS.sub },
        { label: 'a token signed with the key that replaced it' },
      );
    });

    it('refuses a forged inner token while the key set fails: an error answer, no connection, or no answer at all', async () => {
      let answer: 'error' | 'none' = 'error';
      labNetwork().register(new URL(BROKEN_JWKS).origin, () =>
        answer === 'error'
          ? new Response('upstream unavailable', { status: 503 })
          : new Promise<Response>(() => undefined),
      );
      const mallory = await kit.attacker.key('ES256');
      const forged = await encryptToApi(await kit.validToken({ key: mallory, claims: { sub: 'admin' } }));
      evidence({
        token: forged,
        clauses: ['RFC 8725 §3.3', 'RFC 7519 §7.2'],
        note: 'Signed by the attacker while the key set answers 503, is unreachable, or never answers.',
      });
      const outcomes: string[] = [];
      for (const [label, jwksUri, kind] of [
        ['answers 503', BROKEN_JWKS, 'error'],
        ['is unreachable', GONE_JWKS, 'error'],
        ['never answers', BROKEN_JWKS, 'none'],
      ] as const) {
        answer = kind;
        const outage = otherOpener({
          issuer: as.issuer,
          audience: API,
          jwksUri,
          decryptionKey: rs.privateKey,
        });
        let settled: string | undefined;
        const pending = verdict(forged, outage).then((value) => (settled = value));
        // The check's own deadline: an opener still waiting on the key set has not let the token in.
        await Promise.race([pending, untilIdle()]);
        outcomes.push(`the key set ${label}: ${settled === 'accepted' ? 'accepted' : 'refused'}`);
      }
      expect(outcomes).toEqual([
        'the key set answers 503: refused',
        'the key set is unreachable: refused',
        'the key set never answers: refused',
      ]);
    });
  });

  describe('RFC 8725 §3.1–3.2: JWE algorithm allow-lists', () => {
    it('rejects key-management and content-encryption algorithms outside the allow-list, even around a valid inner token', async () => {
      await expectSealedTokenOpened();
      const inner = await kit.validToken();
      const keyWrap = await encryptToApi(inner, { alg: 'ECDH-ES+A128KW' });
      const cbc = await encryptToApi(inner, { enc: 'A128CBC-HS256' });
      // Other members of the same families: exactly ECDH-ES with A256GCM, not "any ECDH-ES" or "any AES-GCM".
      const others = [
        ['ECDH-ES+A256KW', await encryptToApi(inner, { alg: 'ECDH-ES+A256KW' })],
        // A192GCM too, in principle: browsers' WebCrypto has no 192-bit AES, so no check in the browser can make one.
        ['A128GCM', await encryptToApi(inner, { enc: 'A128GCM' })],
      ] as const;
      evidence({
        token: keyWrap,
        clauses: ['RFC 8725 §3.1'],
        note: 'ECDH-ES+A128KW: a key-management algorithm this API never agreed to.',
      });
      evidence({
        token: cbc,
        clauses: ['RFC 8725 §3.1'],
        note: 'A128CBC-HS256: a content-encryption algorithm this API never agreed to.',
      });
      expect(await verdict(keyWrap)).not.toBe('accepted');
      expect(await verdict(cbc)).not.toBe('accepted');
      for (const [label, jwe] of others) {
        evidence({
          token: jwe,
          clauses: ['RFC 8725 §3.1'],
          note: `${label}: not the algorithm this API agreed to.`,
        });
        expect(await verdict(jwe), label).not.toBe('accepted');
      }
    });

    it('rejects a PBES2 JWE with p2c = 10,000,000 before running the rounds', async () => {
      await expectSealedTokenOpened();
      const attack = recordAttack(await kit.mintVariant('A15', 'pbes2-huge-count'));
      // Ten million PBKDF2 rounds take seconds: only a refusal before key derivation fits the check's timeout.
      expect(await verdict(attack.token)).not.toBe('accepted');
    });
  });

  describe('RFC 8725 §3.6: no compression', () => {
    it('rejects a compressed (zip) JWE, even around a valid inner token, and a zip bomb', async () => {
      await expectSealedTokenOpened();
      const zipped = await encryptToApi(await kit.validToken(), { zip: 'DEF' });
      // 1 MB of zeros deflate to under a kilobyte: four times what jose inflates by default (maxDecompressedLength).
      const bomb = await encryptToApi('0'.repeat(1_000_000), { zip: 'DEF' });
      evidence({
        token: zipped,
        clauses: ['RFC 8725 §3.6'],
        note: 'A valid signed token, compressed before encryption: the issuer never compresses.',
      });
      evidence({
        token: bomb,
        clauses: ['RFC 8725 §3.6'],
        note: 'Under a kilobyte that inflates to 1 MB.',
      });
      expect(await verdict(zipped)).not.toBe('accepted');
      expect(await verdict(bomb)).not.toBe('accepted');
    });
  });
});

describe('createTokenOpener', () => {
  describe('RFC 8725 §3.6: no compression, not even to refuse it', () => {
    it('refuses a compressed JWE before inflating any of it: a zip bomb is never decompressed', async () => {
      await expectSealedTokenOpened();
      // 1 MB of zeros deflate to under a kilobyte; inflating them first and refusing after is the bomb's whole point.
      const bomb = await encryptToApi('0'.repeat(1_000_000), { zip: 'DEF' });
      evidence({ token: bomb, clauses: ['RFC 8725 §3.6'], note: 'Under a kilobyte that inflates to 1 MB.' });
      const platform = globalThis.DecompressionStream;
      let inflations = 0;
      globalThis.DecompressionStream = class extends platform {
        constructor(format: CompressionFormat) {
          inflations += 1;
          super(format);
        }
      };
      let outcome: string;
      try {
        outcome = await verdict(bomb);
      } finally {
        globalThis.DecompressionStream = platform;
      }
      expect(outcome, 'the bomb').not.toBe('accepted');
      expect(inflations, 'decompressions started for it').toBe(0);
    });
  });

  describe('errors', () => {
    it('throws errors that do not carry the decrypted token or its claims', async () => {
      const email = 'alice.smith@example.test';
      const now = Math.floor(labClock().now().getTime() / 1000);
      const inner = await kit.validToken({ claims: { email, iat: now, exp: now + 60 } });
      const jwe = await encryptToApi(inner);
      await expectAccepted(() => open(jwe), { email }, { label: 'the token before it expires' });
      await labClock().advance(60 + MAX_TOLERANCE + 1);
      evidence({
        token: jwe,
        clauses: ['RFC 7516 §11.5', 'RFC 7519 §11.2'],
        note: 'A captured token replayed after it expired: the error must not hand back what the encryption hid.',
      });
      // Whether an expired token is refused is the time check's business; here, only what a refusal says.
      const outcome = await settle(() => open(jwe));
      if (!outcome.accepted) {
        const text = `${String(outcome.error.name)}: ${String(outcome.error.message)}`;
        const leaked = [
          ['the inner JWS', inner.split('.')[1] ?? inner],
          ['the email claim', email],
        ].filter(([, secret]) => text.includes(secret as string));
        expect(
          leaked.map(([what]) => what),
          'secrets in the error message',
        ).toEqual([]);
      }
    });
  });
});

describe('createTokenOpener', () => {
  describe('an attack before any genuine token', () => {
    // Every other opener check opens a genuine token first, so code that trusts whatever comes first would pass them.
    it('rejects a Nested JWT with a bad inner signature as the first token it opens, then opens a genuine one', async () => {
      const attack = recordAttack(await kit.mintVariant('A15', 'nested-bad-inner-signature'));
      expect(await verdict(attack.token)).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
      await expectSealedTokenOpened();
    });
  });
});
