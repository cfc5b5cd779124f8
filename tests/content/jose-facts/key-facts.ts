import { expect, vi } from 'vitest';
import {
  SignJWT,
  createLocalJWKSet,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  generateSecret,
  importPKCS8,
  importSPKI,
  jwtVerify,
  exportPKCS8,
} from 'jose';
import { NOW, NOW_S, rejection, type FactBook } from './fact-kit';

/** Facts about claims building and keys (lesson 00/02). */
export const keyFacts: FactBook = {
  'signjwt-number-is-absolute': async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256' })
      .setExpirationTime(900)
      .sign(privateKey);
    const { payload } = await import('jose').then(({ decodeJwt }) => ({ payload: decodeJwt(token) }));
    expect(payload.exp).toBe(900);
    const err = await rejection(() => jwtVerify(token, publicKey, { currentDate: NOW }));
    expect(err.code).toBe('ERR_JWT_EXPIRED');
  },
  'signjwt-string-is-relative': async () => {
    vi.useFakeTimers({ now: NOW });
    try {
      const { privateKey, publicKey } = await generateKeyPair('ES256');
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256' })
        .setExpirationTime('15m')
        .sign(privateKey);
      const { payload } = await jwtVerify(token, publicKey, { currentDate: NOW });
      expect(payload.exp).toBe(NOW_S + 900);
      expect(payload.iat).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  },
  'jose-hmac-key-length-not-enforced': async () => {
    const weak = new TextEncoder().encode('secret');
    const token = await new SignJWT({ sub: 'admin' }).setProtectedHeader({ alg: 'HS256' }).sign(weak);
    const { payload } = await jwtVerify(token, weak, { algorithms: ['HS256'] });
    expect(payload.sub).toBe('admin');
  },
  'generatekeypair-private-not-extractable': async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    expect(privateKey.extractable).toBe(false);
    await expect(exportJWK(privateKey)).rejects.toBeInstanceOf(TypeError);
    await expect(exportJWK(publicKey)).resolves.toMatchObject({ kty: 'EC', crv: 'P-256' });
  },
  'generatekeypair-rsa-min-2048': async () => {
    const err = await rejection(() => generateKeyPair('RS256', { modulusLength: 1024 }));
    expect(err.code).toBe('ERR_JOSE_NOT_SUPPORTED');
    await expect(generateKeyPair('RS256', { modulusLength: 2048 })).resolves.toHaveProperty('publicKey');
  },
  'importspki-binds-algorithm': async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    const spki = await exportSPKI(pair.publicKey);
    const pssSigner = await importPKCS8(await exportPKCS8(pair.privateKey), 'PS256');
    const psToken = await new SignJWT({}).setProtectedHeader({ alg: 'PS256' }).sign(pssSigner);
    const rsVerifier = await importSPKI(spki, 'RS256');
    const err = await rejection(() => jwtVerify(psToken, rsVerifier));
    expect(err).toBeInstanceOf(TypeError);
    await expect(jwtVerify(psToken, await importSPKI(spki, 'PS256'))).resolves.toHaveProperty('payload');
  },
  'generatesecret-hs256-is-256-bits': async () => {
    const key = (await generateSecret('HS256', { extractable: true })) as CryptoKey;
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', key));
    expect(raw.byteLength * 8).toBe(256);
    expect(((await generateSecret('HS256')) as CryptoKey).extractable).toBe(false);
  },
  'jose-es256-randomised': async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const sign = () =>
      new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'ES256' }).setIssuedAt(NOW_S).sign(privateKey);
    const [a, b] = [await sign(), await sign()];
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect(Buffer.from(a.split('.')[2]!, 'base64url')).toHaveLength(64);
  },
  'jose-eddsa-deterministic': async () => {
    const { privateKey } = await generateKeyPair('Ed25519');
    const sign = () =>
      new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'Ed25519' }).setIssuedAt(NOW_S).sign(privateKey);
    const [a, b] = [await sign(), await sign()];
    expect(a).toBe(b);
    expect(Buffer.from(a.split('.')[2]!, 'base64url')).toHaveLength(64);
  },
  'jose-ed25519-and-eddsa-are-distinct-names': async () => {
    const { privateKey, publicKey } = await generateKeyPair('Ed25519', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const sign = (alg: string) => new SignJWT({}).setProtectedHeader({ alg }).sign(privateKey);
    const [modern, legacy] = [await sign('Ed25519'), await sign('EdDSA')];
    // Both identifiers verify with the same Ed25519 key...
    await expect(jwtVerify(modern, publicKey)).resolves.toHaveProperty('payload');
    await expect(jwtVerify(legacy, publicKey)).resolves.toHaveProperty('payload');
    // ...but an allow-list and a JWK's alg name one of them.
    expect((await rejection(() => jwtVerify(legacy, publicKey, { algorithms: ['Ed25519'] }))).code).toBe(
      'ERR_JOSE_ALG_NOT_ALLOWED',
    );
    const labelledLegacy = createLocalJWKSet({ keys: [{ ...jwk, alg: 'EdDSA' }] });
    expect((await rejection(() => jwtVerify(modern, labelledLegacy))).code).toBe('ERR_JWKS_NO_MATCHING_KEY');
  },
};
