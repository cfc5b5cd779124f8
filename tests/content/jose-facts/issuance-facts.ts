import { expect } from 'vitest';
import {
  SignJWT,
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type JWK,
} from 'jose';
import { NOW, rejection, type FactBook } from './fact-kit';

/** Facts about issuing tokens and publishing keys (lesson 01/01). */
export const issuanceFacts: FactBook = {
  'jwks-multiple-keys-without-kid': async () => {
    const a = await generateKeyPair('ES256');
    const b = await generateKeyPair('ES256');
    const jwks = createLocalJWKSet({
      keys: [
        { ...(await exportJWK(a.publicKey)), kid: 'a' },
        { ...(await exportJWK(b.publicKey)), kid: 'b' },
      ],
    });
    const noKid = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(a.privateKey);
    expect((await rejection(() => jwtVerify(noKid, jwks, { currentDate: NOW }))).code).toBe(
      'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
    );
    const withKid = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'a' }).sign(a.privateKey);
    await expect(jwtVerify(withKid, jwks, { currentDate: NOW })).resolves.toHaveProperty('payload');
  },
  'thumbprint-uses-required-members-only': async () => {
    const jwk = await exportJWK((await generateKeyPair('ES256')).publicKey);
    const described: JWK = { ...jwk, kid: 'shopfront-2026-01', alg: 'ES256', use: 'sig' };
    expect(await calculateJwkThumbprint(described)).toBe(await calculateJwkThumbprint(jwk));
  },
  'signjwt-refuses-alg-none': async () => {
    const err = await rejection(() =>
      new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'none' }).sign(new Uint8Array(32)),
    );
    expect(err.code).toBe('ERR_JOSE_NOT_SUPPORTED');
  },
  'localjwks-rejects-private-keys': async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const leaked = { keys: [{ ...(await exportJWK(privateKey)), kid: 'k1' }] };
    expect(leaked.keys[0]).toHaveProperty('d');
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey);
    const err = await rejection(async () =>
      jwtVerify(token, createLocalJWKSet(leaked), { currentDate: NOW }),
    );
    expect(err.code).toBe('ERR_JWKS_INVALID');
    const published = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] };
    await expect(
      jwtVerify(token, createLocalJWKSet(published), { currentDate: NOW }),
    ).resolves.toHaveProperty('payload');
  },
  'exportjwk-omits-kid-alg-use': async () => {
    const jwk = await exportJWK((await generateKeyPair('ES256')).publicKey);
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
  },
};
