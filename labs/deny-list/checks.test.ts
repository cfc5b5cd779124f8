import { beforeEach, describe, expect, it } from 'vitest';
import { createAccessTokenVerifier, createDenyList, type DenyList } from '@lab/submission';
import {
  createSimulatedNetwork,
  createTokenServer,
  evidence,
  labAttacker,
  labClock,
  type TokenServer,
} from '@lab/server';

const CLOCK_TOLERANCE = 30;
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DENYLIST_CLAUSES = ['OWASP JWT Cheat Sheet: JWT denylist', 'RFC 7519 §4.1.7'];

function decodeSegment(segment: string): Uint8Array {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

function encodeSegment(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The same ES256 token with its signature's s replaced by n − s: still valid, different bytes. */
function malleate(token: string): string {
  const [header, payload, signature = ''] = token.split('.');
  const bytes = decodeSegment(signature);
  let s = 0n;
  for (const byte of bytes.subarray(32)) s = (s << 8n) | BigInt(byte);
  let flipped = P256_ORDER - s;
  const out = Uint8Array.from(bytes);
  for (let i = 63; i >= 32; i--, flipped >>= 8n) out[i] = Number(flipped & 0xffn);
  return `${header}.${payload}.${encodeSegment(out)}`;
}

/** A 64-byte signature is 86 base64url characters: the last one has 4 bits that decode to nothing. */
function flipSpareBits(token: string): string {
  const last = token.slice(-1);
  return token.slice(0, -1) + BASE64URL[BASE64URL.indexOf(last) ^ 1];
}

let server: TokenServer;
let denyList: DenyList;
let verify: (token: string) => Promise<unknown>;

function policy() {
  return {
    issuer: server.issuer,
    audience: server.audience,
    jwks: server.keys.jwks(),
    clockToleranceSeconds: CLOCK_TOLERANCE,
  };
}

/** A verifier with a deny-list of its own, which has revoked nothing. */
function freshVerifier(): (token: string) => Promise<unknown> {
  return createAccessTokenVerifier(policy(), createDenyList(policy()));
}

async function accessToken(sub = 'user-alice', expiresIn = 600): Promise<string> {
  return (await server.issueAccessToken({ sub, expiresIn })).token;
}

async function rejection(promise: Promise<unknown>): Promise<{ code?: unknown; claim?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: unknown; claim?: unknown };
  }
  throw new Error('expected the verifier to reject the token, but it accepted it');
}

/** Revokes `token`, checks a verifier with an empty deny-list accepts `variant` (so it is a valid token), then expects a rejection. */
async function expectVariantRejected(token: string, variant: string, note: string): Promise<void> {
  expect(variant).not.toBe(token);
  await expect(freshVerifier()(variant)).resolves.toMatchObject({
    sub: 'user-alice',
  });
  expect(await denyList.revoke(token)).toBe(true);
  evidence({ token: variant, clauses: DENYLIST_CLAUSES, note });
  const error = await rejection(verify(variant));
  expect(error.code).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
  expect(error.claim).toBe('jti');
}

beforeEach(async () => {
  server = await createTokenServer();
  denyList = createDenyList(policy());
  verify = createAccessTokenVerifier(policy(), denyList);
});

describe('access token deny-list', () => {
  describe('verify', () => {
    it('accepts a valid access token', async () => {
      await expect(verify(await accessToken())).resolves.toMatchObject({
        sub: 'user-alice',
        iss: server.issuer,
      });
    });

    it("rejects the issuer's tokens meant for something else: another API, an ID token", async () => {
      const otherApi = (
        await server.issueAccessToken({ sub: 'user-alice', audience: 'https://other-api.example.test' })
      ).token;
      const idToken = await labAttacker(server).validToken({
        header: { typ: 'JWT' },
        claims: { sub: 'user-alice' },
      });
      evidence({ token: otherApi, clauses: ['RFC 8725 §3.9'], note: 'signed by the issuer for another API' });
      evidence({
        token: idToken,
        clauses: ['RFC 8725 §3.11', 'RFC 9068 §2.1'],
        note: 'signed by the issuer, typ JWT',
      });
      await expect(verify(otherApi)).rejects.toThrow();
      await expect(verify(idToken)).rejects.toThrow();
      await expect(verify(await accessToken())).resolves.toMatchObject({ sub: 'user-alice' });
    });

    it('rejects a token signed with a key the issuer never published', async () => {
      const forger = await createTokenServer({
        network: createSimulatedNetwork(),
      });
      await forger.keys.rotate();
      const forged = (await forger.issueAccessToken({ sub: 'user-alice' })).token;
      evidence({
        token: forged,
        clauses: ['RFC 7515 §5.2'],
        note: 'right issuer name, key the issuer never published',
      });
      await expect(verify(forged)).rejects.toThrow();
      await expect(verify(await accessToken())).resolves.toMatchObject({
        sub: 'user-alice',
      });
    });

    it('rejects a revoked token with ERR_JWT_CLAIM_VALIDATION_FAILED on jti', async () => {
      const token = await accessToken();
      await expect(verify(token)).resolves.toMatchObject({ sub: 'user-alice' });
      expect(await denyList.revoke(token)).toBe(true);
      evidence({
        token,
        clauses: DENYLIST_CLAUSES,
        note: 'the revoked token itself, replayed',
      });
      const error = await rejection(verify(token));
      expect(error.code).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
      expect(error.claim).toBe('jti');
    });

    it("keeps accepting the same user's other tokens after one is revoked", async () => {
      const stolen = await accessToken();
      const other = await accessToken();
      expect(await denyList.revoke(stolen)).toBe(true);
      await expect(verify(other)).resolves.toMatchObject({ sub: 'user-alice' });
      await expect(verify(await accessToken('user-bob'))).resolves.toMatchObject({ sub: 'user-bob' });
    });
  });

  describe('replayed in another encoding', () => {
    it('rejects the (r, n−s) ECDSA-malleated copy of a revoked token', async () => {
      const token = await accessToken();
      await expectVariantRejected(
        token,
        malleate(token),
        'revoked token with its ECDSA signature s replaced by n − s',
      );
    });

    it('rejects a revoked token with == padding appended to its signature', async () => {
      const token = await accessToken();
      await expectVariantRejected(token, `${token}==`, 'revoked token with base64 padding on its signature');
    });

    it('rejects a revoked token whose last signature character differs only in unused bits', async () => {
      const token = await accessToken();
      await expectVariantRejected(
        token,
        flipSpareBits(token),
        'revoked token with the spare bits of its last character flipped',
      );
    });
  });

  describe('bounded memory', () => {
    it('still rejects a revoked token one second before exp + clock tolerance', async () => {
      const token = await accessToken('user-alice', 300);
      expect(await denyList.revoke(token)).toBe(true);
      await labClock().advance(300 + CLOCK_TOLERANCE - 1);
      evidence({
        token,
        clauses: DENYLIST_CLAUSES,
        note: 'past exp, but still inside the verifier clock tolerance',
      });
      const error = await rejection(verify(token));
      expect(error.code).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
      expect(error.claim).toBe('jti');
    });

    it('drops an entry once its token is past exp + clock tolerance', async () => {
      const shortLived = await accessToken('user-alice', 300);
      const longLived = await accessToken('user-alice', 900);
      expect(await denyList.revoke(shortLived)).toBe(true);
      expect(await denyList.revoke(longLived)).toBe(true);
      expect(denyList.size()).toBe(2);
      await labClock().advance(300 + CLOCK_TOLERANCE);
      expect(denyList.size()).toBe(1);
      await labClock().advance(600);
      expect(denyList.size()).toBe(0);
    });

    it('holds one entry when the same token is revoked in two encodings', async () => {
      const token = await accessToken();
      expect(await denyList.revoke(token)).toBe(true);
      expect(await denyList.revoke(malleate(token))).toBe(true);
      expect(denyList.size()).toBe(1);
    });

    it('records nothing when asked to revoke a forged token', async () => {
      const forger = await createTokenServer({
        network: createSimulatedNetwork(),
      });
      await forger.keys.rotate();
      const forged = (
        await forger.issueAccessToken({
          sub: 'user-alice',
          expiresIn: 10 * 365 * 86_400,
        })
      ).token;
      evidence({
        token: forged,
        clauses: ['OWASP ASVS 5.0 §9.1.1'],
        note: 'forged token with a ten-year exp posted to revoke',
      });
      expect(await denyList.revoke(forged)).toBe(false);
      expect(denyList.size()).toBe(0);
      expect(await denyList.revoke(await accessToken())).toBe(true);
      expect(denyList.size()).toBe(1);
    });
  });
});
