import { expect } from 'vitest';
import {
  CompactEncrypt,
  EmbeddedJWK,
  SignJWT,
  compactDecrypt,
  UnsecuredJWT,
  base64url,
  createLocalJWKSet,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importSPKI,
  jwtVerify,
} from 'jose';
import { HS_KEY, encodeJson, hs256, rejection, type FactBook } from './fact-kit';

async function issuer() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = createLocalJWKSet({
    keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }],
  });
  return { privateKey, publicKey, jwks };
}

/** A compact ECDH-ES JWE to `publicKey` whose header's `epk` is replaced by `epk`. */
async function withEpk(publicKey: CryptoKey, epk: (real: Record<string, string>) => Record<string, string>) {
  const jwe = await new CompactEncrypt(new TextEncoder().encode('{"sub":"admin"}'))
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' })
    .encrypt(publicKey);
  const [header = '', ...rest] = jwe.split('.');
  const parsed = JSON.parse(new TextDecoder().decode(base64url.decode(header))) as {
    epk: Record<string, string>;
  };
  return [encodeJson({ ...parsed, epk: epk(parsed.epk) }), ...rest].join('.');
}

/** Facts about the classic attacks (lesson 01/04). */
export const attackFacts: FactBook = {
  'jwe-epk-off-curve-refused': async () => {
    const { privateKey, publicKey } = await generateKeyPair('ECDH-ES', { crv: 'P-256' });
    const offCurve = await withEpk(publicKey, (real) => {
      const y = base64url.decode(real['y'] ?? '');
      y[31] = (y[31] ?? 0) ^ 1;
      return { ...real, y: base64url.encode(y) };
    });
    expect((await rejection(() => compactDecrypt(offCurve, privateKey))).code).toBe(
      'ERR_JWE_DECRYPTION_FAILED',
    );
    const p384 = await exportJWK(
      (await generateKeyPair('ECDH-ES', { crv: 'P-384', extractable: true })).publicKey,
    );
    const otherCurve = await withEpk(publicKey, () => p384 as Record<string, string>);
    expect((await rejection(() => compactDecrypt(otherCurve, privateKey))).code).toBe(
      'ERR_JWE_DECRYPTION_FAILED',
    );
    // The platform refuses the off-curve point itself, before any key agreement.
    const parsed = JSON.parse(new TextDecoder().decode(base64url.decode(offCurve.split('.')[0] ?? ''))) as {
      epk: JsonWebKey;
    };
    await expect(
      crypto.subtle.importKey('jwk', parsed.epk, { name: 'ECDH', namedCurve: 'P-256' }, true, []),
    ).rejects.toThrow();
    // The untouched token decrypts: the refusals above are about the point, not the setup.
    const genuine = await withEpk(publicKey, (real) => real);
    await expect(compactDecrypt(genuine, privateKey)).resolves.toHaveProperty('plaintext');
  },
  'jwtverify-never-accepts-none': async () => {
    const claims = encodeJson({ sub: 'admin' });
    const tokens = [
      new UnsecuredJWT({ sub: 'admin' }).encode(),
      ...['None', 'NONE', 'nOnE'].map((alg) => `${encodeJson({ alg })}.${claims}.`),
    ];
    const { jwks } = await issuer();
    for (const token of tokens) {
      for (const key of [HS_KEY, jwks]) {
        expect((await rejection(() => jwtVerify(token, key as Uint8Array))).code).toBe(
          'ERR_JOSE_NOT_SUPPORTED',
        );
        expect(
          (await rejection(() => jwtVerify(token, key as Uint8Array, { algorithms: ['RS256'] }))).code,
        ).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
      }
    }
  },
  'typed-key-blocks-algorithm-confusion': async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    const forged = await new SignJWT({ sub: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(pem));
    expect(await rejection(async () => jwtVerify(forged, await importSPKI(pem, 'RS256')))).toBeInstanceOf(
      TypeError,
    );
  },
  'jwks-never-serves-hmac-keys': async () => {
    const { jwks } = await issuer();
    const forged = await new SignJWT({ sub: 'admin' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .sign(HS_KEY);
    expect((await rejection(() => jwtVerify(forged, jwks))).code).toBe('ERR_JOSE_NOT_SUPPORTED');
  },
  'pem-bytes-as-secret-enables-confusion': async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const pemBytes = new TextEncoder().encode(await exportSPKI(publicKey));
    const forged = await new SignJWT({ sub: 'admin' }).setProtectedHeader({ alg: 'HS256' }).sign(pemBytes);
    await expect(jwtVerify(forged, pemBytes)).resolves.toMatchObject({ payload: { sub: 'admin' } });
    expect((await rejection(() => jwtVerify(forged, pemBytes, { algorithms: ['RS256'] }))).code).toBe(
      'ERR_JOSE_ALG_NOT_ALLOWED',
    );
  },
  'jwks-kid-exact-match': async () => {
    const { privateKey, jwks } = await issuer();
    for (const kid of ['../../../../dev/null', "k1' OR '1'='1", 'K1', 'k1 ']) {
      const token = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
      expect((await rejection(() => jwtVerify(token, jwks))).code).toBe('ERR_JWKS_NO_MATCHING_KEY');
    }
    const good = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
    await expect(jwtVerify(good, jwks)).resolves.toHaveProperty('payload');
  },
  'jwtverify-ignores-header-key-material': async () => {
    const { jwks } = await issuer();
    const mallory = await generateKeyPair('RS256');
    const forged = await new SignJWT({ sub: 'admin' })
      .setProtectedHeader({
        alg: 'RS256',
        kid: 'k1',
        jku: 'https://mallory.example/jwks.json',
        x5u: 'https://mallory.example/cert.pem',
        jwk: await exportJWK(mallory.publicKey),
      })
      .sign(mallory.privateKey);
    expect((await rejection(() => jwtVerify(forged, jwks))).code).toBe(
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    );
  },
  'embeddedjwk-trusts-any-key': async () => {
    const mallory = await generateKeyPair('ES256');
    const forged = await new SignJWT({ sub: 'admin' })
      .setProtectedHeader({ alg: 'ES256', jwk: await exportJWK(mallory.publicKey) })
      .sign(mallory.privateKey);
    await expect(jwtVerify(forged, EmbeddedJWK, { algorithms: ['ES256'] })).resolves.toMatchObject({
      payload: { sub: 'admin' },
    });
  },
  'jwtverify-rejects-psychic-and-empty-signatures': async () => {
    const { publicKey } = await generateKeyPair('ES256');
    const body = `${encodeJson({ alg: 'ES256' })}.${encodeJson({ sub: 'admin' })}`;
    const psychic = `${body}.${base64url.encode(new Uint8Array(64))}`;
    expect((await rejection(() => jwtVerify(psychic, publicKey))).code).toBe(
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    );
    const [header, payload] = (await hs256({ sub: 'admin' })).split('.');
    expect((await rejection(() => jwtVerify(`${header}.${payload}.`, HS_KEY))).code).toBe(
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    );
  },
  'jwtverify-rejects-unknown-crit': async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({
        alg: 'HS256',
        crit: ['https://shopfront.example/ext'],
        'https://shopfront.example/ext': 1,
      })
      .sign(HS_KEY, { crit: { 'https://shopfront.example/ext': true } });
    expect((await rejection(() => jwtVerify(token, HS_KEY))).code).toBe('ERR_JOSE_NOT_SUPPORTED');
    await expect(
      jwtVerify(token, HS_KEY, { crit: { 'https://shopfront.example/ext': true } }),
    ).resolves.toHaveProperty('payload');
  },
};
