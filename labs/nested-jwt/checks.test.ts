import { beforeEach, describe, expect, it } from 'vitest';
import { createTokenOpener, createTokenSealer } from '@lab/submission';
import {
  attackTargetOf,
  attackerHost,
  createAttackToolkit,
  createTokenServer,
  evidence,
  recordAttack,
  type AttackToolkit,
  type TokenServer,
} from '@lab/server';
import {
  CompactEncrypt,
  compactDecrypt,
  createLocalJWKSet,
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

/** What the learner's opener did with a token: `accepted`, or the `code` (else the name) of what it threw. */
async function verdict(jwe: string): Promise<string> {
  try {
    await open(jwe);
    return 'accepted';
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string') return code;
    return error instanceof Error ? error.name : 'thrown';
  }
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
  await expect(open(jwe)).resolves.toMatchObject({ iss: as.issuer, aud: API, sub: CLAIMS.sub });
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
    const jwe = await seal(CLAIMS);
    // A compact JWE has five segments; a compact JWS (whatever it wraps) has three.
    expect(jwe.split('.').length).toBe(5);
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, rs.privateKey, {
      keyManagementAlgorithms: ['ECDH-ES'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    expect({ alg: protectedHeader.alg, enc: protectedHeader.enc, cty: protectedHeader.cty }).toEqual({
      alg: 'ECDH-ES',
      enc: 'A256GCM',
      cty: 'JWT',
    });
    const issuerKeys = createLocalJWKSet(as.keys.jwks());
    const { payload } = await jwtVerify(new TextDecoder().decode(plaintext), issuerKeys, {
      algorithms: ['ES256'],
      issuer: as.issuer,
      audience: API,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat'],
    });
    expect(payload).toMatchObject(CLAIMS);
  });

  it('does not compress before encrypting: no zip in the JWE header (RFC 8725 §3.6)', async () => {
    const header = decodeProtectedHeader(await seal(CLAIMS));
    expect(header.zip).toBeUndefined();
  });

  it('produces tokens the opener accepts', async () => {
    await expect(open(await seal(CLAIMS))).resolves.toMatchObject({ ...CLAIMS, iss: as.issuer, aud: API });
  });
});

describe('createTokenOpener', () => {
  describe('legitimate traffic', () => {
    it("opens a Nested JWT the issuer signed for this API and returns the inner token's claims", async () => {
      const jwe = await encryptToApi(await kit.validToken({ claims: { scope: 'read write' } }));
      await expect(open(jwe)).resolves.toMatchObject({
        iss: as.issuer,
        aud: API,
        sub: CLAIMS.sub,
        scope: 'read write',
      });
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
