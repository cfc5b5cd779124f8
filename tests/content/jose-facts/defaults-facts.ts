import { expect, vi } from 'vitest';
import {
  SignJWT,
  UnsecuredJWT,
  base64url,
  createRemoteJWKSet,
  customFetch,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type JWK,
} from 'jose';
import { HS_KEY, NOW, NOW_S, hs256, rejection, type FactBook } from './fact-kit';

/** Facts about jose's defaults and small APIs the lessons lean on. */
export const defaultsFacts: FactBook = {
  'jose-exports-base64url': async () => {
    // "{"alg":"HS256"}" without padding, and bytes that need the URL-safe alphabet.
    expect(new TextDecoder().decode(base64url.decode('eyJhbGciOiJIUzI1NiJ9'))).toBe('{"alg":"HS256"}');
    expect(base64url.encode(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  },
  'jwtverify-aud-iss-typ-opt-in': async () => {
    const token = await hs256(
      { iss: 'https://evil.example', aud: 'https://billing.example' },
      { typ: 'JWT' },
    );
    await expect(jwtVerify(token, HS_KEY, { currentDate: NOW })).resolves.toHaveProperty('payload');
  },
  'jwtverify-requires-no-claims-by-default': async () => {
    const empty = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(HS_KEY);
    await expect(jwtVerify(empty, HS_KEY)).resolves.toMatchObject({ payload: {} });
    // Present time claims are still checked.
    expect(
      (await rejection(async () => jwtVerify(await hs256({ exp: NOW_S - 5 }), HS_KEY, { currentDate: NOW })))
        .code,
    ).toBe('ERR_JWT_EXPIRED');
  },
  'unsecuredjwt-decode-accepts-none': async () => {
    const unsecured = new UnsecuredJWT({ sub: 'admin' }).encode();
    expect(UnsecuredJWT.decode(unsecured).payload).toEqual({ sub: 'admin' });
  },
  'exportjwk-private-includes-d': async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    expect(await exportJWK(privateKey)).toHaveProperty('d');
  },
  'remote-jwks-defaults': async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const timeout = vi.spyOn(AbortSignal, 'timeout');
    try {
      const { privateKey, publicKey } = await generateKeyPair('ES256');
      const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1' };
      let fetches = 0;
      const keys = createRemoteJWKSet(new URL('https://as.example/jwks'), {
        [customFetch]: async () => {
          fetches += 1;
          return Response.json({ keys: [jwk] });
        },
      });
      expect(fetches).toBe(0); // lazy: nothing is fetched at creation
      const sign = (kid: string) =>
        new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
      await jwtVerify(await sign('k1'), keys);
      expect(fetches).toBe(1);
      expect(timeout).toHaveBeenCalledWith(5000);
      vi.setSystemTime(NOW.getTime() + 29_000);
      await rejection(async () => jwtVerify(await sign('unknown'), keys));
      expect(fetches).toBe(1); // within the 30 s cooldown
      vi.setSystemTime(NOW.getTime() + 31_000);
      await rejection(async () => jwtVerify(await sign('unknown'), keys));
      expect(fetches).toBe(2);
      vi.setSystemTime(NOW.getTime() + 31_000 + 599_000);
      await jwtVerify(await sign('k1'), keys);
      expect(fetches).toBe(2); // still fresh
      vi.setSystemTime(NOW.getTime() + 31_000 + 601_000);
      await jwtVerify(await sign('k1'), keys);
      expect(fetches).toBe(3); // older than 10 minutes: refetched
    } finally {
      timeout.mockRestore();
      vi.useRealTimers();
    }
  },
  'remote-jwks-network-error-not-jose': async () => {
    const keys = createRemoteJWKSet(new URL('https://unreachable.example/jwks'), {
      [customFetch]: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const err = await rejection(() => jwtVerify('eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.e30.AAAA', keys));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.code).toBeUndefined();
  },
};
