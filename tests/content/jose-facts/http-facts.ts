import { expect } from 'vitest';
import {
  SignJWT,
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  errors,
  exportJWK,
  generateKeyPair,
  jwtVerify,
} from 'jose';
import { NOW, hs256, rejection, type FactBook } from './fact-kit';

const JWKS_URL = new URL('https://login.shopfront.example/jwks');
// {"alg":"ES256","kid":"k1"} . {} . a dummy signature: enough to make jose ask the key set for a key.
const ES256_HEADER_ONLY = 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.e30.AAAA';

/** Facts about failure modes a bearer middleware must map (lesson 01/03). */
export const httpFacts: FactBook = {
  'jwks-token-failures-are-jose-errors': async () => {
    const published = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(published.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const local = createLocalJWKSet({ keys: [jwk] });
    const remote = createRemoteJWKSet(JWKS_URL, {
      [customFetch]: async () => Response.json({ keys: [jwk] }),
    });
    const tokens = [await hs256({ sub: 'u' }, { kid: 'k1' })];
    for (const alg of ['RS256', 'PS256', 'ES384', 'Ed25519'] as const) {
      const { privateKey } = await generateKeyPair(alg);
      tokens.push(await new SignJWT({ sub: 'u' }).setProtectedHeader({ alg, kid: 'k1' }).sign(privateKey));
    }
    for (const keys of [local, remote]) {
      for (const token of tokens) {
        const err = await rejection(async () => jwtVerify(token, keys, { currentDate: NOW }));
        expect(err).toBeInstanceOf(errors.JOSEError);
        expect(err).not.toBeInstanceOf(TypeError);
      }
    }
  },
  'jwtverify-wrong-key-type-is-typeerror': async () => {
    const { publicKey } = await generateKeyPair('ES256');
    const err = await rejection(async () =>
      jwtVerify(await hs256({ sub: 'u' }), publicKey, { currentDate: NOW }),
    );
    expect(err).toBeInstanceOf(TypeError);
    expect(err.code).toBeUndefined();
  },
  'remote-jwks-non-200-is-generic': async () => {
    for (const status of [500, 302]) {
      const keys = createRemoteJWKSet(JWKS_URL, {
        [customFetch]: async () =>
          new Response('{}', { status, headers: { location: 'https://evil.example/' } }),
      });
      expect((await rejection(() => jwtVerify(ES256_HEADER_ONLY, keys))).code).toBe('ERR_JOSE_GENERIC');
    }
  },
  'remote-jwks-timeout': async () => {
    const keys = createRemoteJWKSet(JWKS_URL, {
      timeoutDuration: 50,
      [customFetch]: (_url: string, init: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    });
    expect((await rejection(() => jwtVerify(ES256_HEADER_ONLY, keys))).code).toBe('ERR_JWKS_TIMEOUT');
  },
};
