import { expect, vi } from 'vitest';
import {
  SignJWT,
  createRemoteJWKSet,
  customFetch,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type JWK,
} from 'jose';
import { HS_KEY, NOW, encodeJson, rejection, type FactBook } from './fact-kit';

const JWKS_URL = new URL('https://as.kestrel.example/jwks');

async function signer(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const sign = () => new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
  return { jwk, sign };
}

/** A JWKS endpoint whose key list the fact changes, counting fetches. */
function endpoint(keys: JWK[]) {
  const state = { keys, fetches: 0 };
  const fetchImpl = async () => {
    state.fetches += 1;
    return Response.json({ keys: state.keys });
  };
  return { state, fetchImpl };
}

/** Runs `fn` with only `Date` faked, starting at NOW, so jose's cache ages without real waiting. */
async function withClock(fn: () => Promise<void>) {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  try {
    await fn();
  } finally {
    vi.useRealTimers();
  }
}

/** Facts about remote key sets, rotation and parsing consistency (module 3). */
export const jwksFacts: FactBook = {
  'remote-jwks-refetch-once-per-cooldown': () =>
    withClock(async () => {
      const k1 = await signer('k1');
      const { state, fetchImpl } = endpoint([k1.jwk]);
      const jwks = createRemoteJWKSet(JWKS_URL, { cooldownDuration: 30_000, [customFetch]: fetchImpl });
      await jwtVerify(await k1.sign(), jwks);
      expect(state.fetches).toBe(1);
      vi.setSystemTime(NOW.getTime() + 31_000);
      for (let i = 0; i < 20; i++) {
        const stranger = await signer(`random-${i}`);
        expect((await rejection(async () => jwtVerify(await stranger.sign(), jwks))).code).toBe(
          'ERR_JWKS_NO_MATCHING_KEY',
        );
      }
      // One refetch for the first unknown kid after the cooldown, none for the other 19.
      expect(state.fetches).toBe(2);
    }),
  'remote-jwks-new-key-after-cooldown': () =>
    withClock(async () => {
      const k1 = await signer('k1');
      const k2 = await signer('k2');
      const { state, fetchImpl } = endpoint([k1.jwk]);
      const jwks = createRemoteJWKSet(JWKS_URL, { cooldownDuration: 30_000, [customFetch]: fetchImpl });
      await jwtVerify(await k1.sign(), jwks);
      state.keys = [k1.jwk, k2.jwk];
      vi.setSystemTime(NOW.getTime() + 10_000);
      expect((await rejection(async () => jwtVerify(await k2.sign(), jwks))).code).toBe(
        'ERR_JWKS_NO_MATCHING_KEY',
      );
      vi.setSystemTime(NOW.getTime() + 31_000);
      await expect(jwtVerify(await k2.sign(), jwks)).resolves.toHaveProperty('payload');
    }),
  'remote-jwks-removed-key-until-cachemaxage': () =>
    withClock(async () => {
      const k1 = await signer('k1');
      const k2 = await signer('k2');
      const { state, fetchImpl } = endpoint([k1.jwk, k2.jwk]);
      const jwks = createRemoteJWKSet(JWKS_URL, { cacheMaxAge: 300_000, [customFetch]: fetchImpl });
      await jwtVerify(await k1.sign(), jwks);
      state.keys = [k2.jwk]; // emergency removal of k1
      vi.setSystemTime(NOW.getTime() + 299_000);
      await expect(jwtVerify(await k1.sign(), jwks)).resolves.toHaveProperty('payload');
      vi.setSystemTime(NOW.getTime() + 301_000);
      expect((await rejection(async () => jwtVerify(await k1.sign(), jwks))).code).toBe(
        'ERR_JWKS_NO_MATCHING_KEY',
      );
    }),
  'remote-jwks-reload-bypasses-cache': () =>
    withClock(async () => {
      const k1 = await signer('k1');
      const k2 = await signer('k2');
      const { state, fetchImpl } = endpoint([k1.jwk, k2.jwk]);
      const jwks = createRemoteJWKSet(JWKS_URL, { [customFetch]: fetchImpl });
      await jwtVerify(await k1.sign(), jwks);
      state.keys = [k2.jwk];
      await jwks.reload();
      expect((await rejection(async () => jwtVerify(await k1.sign(), jwks))).code).toBe(
        'ERR_JWKS_NO_MATCHING_KEY',
      );
      expect(state.fetches).toBe(2);
    }),
  'remote-jwks-stale-set-refetches-and-fails': () =>
    withClock(async () => {
      const k1 = await signer('k1');
      let up = true;
      const fetchImpl = async () =>
        up ? Response.json({ keys: [k1.jwk] }) : new Response('down', { status: 503 });
      const jwks = createRemoteJWKSet(JWKS_URL, { [customFetch]: fetchImpl });
      await jwtVerify(await k1.sign(), jwks);
      up = false;
      vi.setSystemTime(NOW.getTime() + 599_000);
      await expect(jwtVerify(await k1.sign(), jwks)).resolves.toHaveProperty('payload');
      vi.setSystemTime(NOW.getTime() + 601_000);
      expect((await rejection(async () => jwtVerify(await k1.sign(), jwks))).code).toBe('ERR_JOSE_GENERIC');
    }),
  'jose-duplicate-claims-last-wins': async () => {
    const header = encodeJson({ alg: 'HS256' });
    const payload = Buffer.from('{"sub":"alice","sub":"admin"}').toString('base64url');
    const key = await crypto.subtle.importKey('raw', HS_KEY, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${header}.${payload}`));
    const token = `${header}.${payload}.${Buffer.from(mac).toString('base64url')}`;
    const { payload: verified } = await jwtVerify(token, HS_KEY);
    expect(verified.sub).toBe('admin');
    expect(decodeJwt(token).sub).toBe('admin');
  },
};
