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
  recordAttack,
  settle,
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
  type CryptoKey,
  type JWTPayload,
} from 'jose';

/** The resource server (this API): the audience every token must name, and the owner of the key pair. */
const API = 'https://api.example.test';
/** A second authorization server on the same network, which this API does not trust. */
const PARTNER_ISSUER = 'https://partner-as.example.test';
const CLAIMS = { sub: 'user-alice', client_id: 'lab-client', scope: 'read' };

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
async function verdict(jwe: string): Promise<string> {
  const outcome = await settle(() => open(jwe));
  if (outcome.accepted) return 'accepted';
  return outcome.error.code ?? outcome.error.name ?? 'thrown';
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
    const header = decodeProtectedHeader(await sealed());
    expect(header.zip).toBeUndefined();
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
      evidence({
        token: jwe,
        clauses: ['RFC 7519 §5.3', 'RFC 8725 §3.3'],
        note: 'A genuine inner token re-wrapped by anyone holding the public key, with sub and scope in the JWE header.',
      });
      const outcome = await settle(() => open(jwe));
      if (outcome.accepted) expect(outcome.value).toMatchObject({ sub: CLAIMS.sub, scope: CLAIMS.scope });
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

    it('rejects an inner JWS of another type from the same issuer (typ JWT, or no typ)', async () => {
      await expectSealedTokenOpened();
      for (const [label, changes] of [
        ['typ JWT', { header: { typ: 'JWT' } }],
        ['no typ', { omitHeader: ['typ'] }],
      ] as const) {
        const jwe = await encryptToApi(await kit.validToken(changes));
        evidence({ token: jwe, clauses: ['RFC 8725 §3.11', 'RFC 9068 §4'], note: `inner token: ${label}` });
        expect(await verdict(jwe), label).not.toBe('accepted');
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
  });

  describe('RFC 8725 §3.1–3.2: JWE algorithm allow-lists', () => {
    it('rejects key-management and content-encryption algorithms outside the allow-list, even around a valid inner token', async () => {
      await expectSealedTokenOpened();
      const inner = await kit.validToken();
      const keyWrap = await encryptToApi(inner, { alg: 'ECDH-ES+A128KW' });
      const cbc = await encryptToApi(inner, { enc: 'A128CBC-HS256' });
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
      // 4 MB of zeros deflate to a few kilobytes.
      const bomb = await encryptToApi('0'.repeat(4_000_000), { zip: 'DEF' });
      evidence({
        token: zipped,
        clauses: ['RFC 8725 §3.6'],
        note: 'A valid signed token, compressed before encryption: the issuer never compresses.',
      });
      evidence({
        token: bomb,
        clauses: ['RFC 8725 §3.6'],
        note: 'A few kilobytes that inflate to 4 MB.',
      });
      expect(await verdict(zipped)).not.toBe('accepted');
      expect(await verdict(bomb)).not.toBe('accepted');
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
