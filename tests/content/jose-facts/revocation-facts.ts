import { expect } from 'vitest';
import { SignJWT, base64url, generateKeyPair, jwtVerify } from 'jose';
import { HS_KEY, NOW, NOW_S, hs256, rejection, type FactBook } from './fact-kit';

// Order of the P-256 group (SEC 2): (r, n − s) is the other valid ECDSA signature for the same input.
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

const toBigInt = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
const fromBigInt = (value: bigint) =>
  Uint8Array.from(Buffer.from(value.toString(16).padStart(64, '0'), 'hex'));

/** The same signature bytes with the unused low bits of the last base64url character flipped. */
function flipSpareBits(encoded: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(encoded.at(-1)!);
  // A 32-byte HS256 MAC is 43 characters: 258 bits for 256, so the last character has 2 spare bits.
  return encoded.slice(0, -1) + alphabet[last ^ 0b01]!;
}

/** Facts about token malleability, which decides how revocation state must be keyed (lesson 02/02). */
export const revocationFacts: FactBook = {
  'jose-accepts-reencoded-signatures': async () => {
    const token = await hs256({ sub: 'u', jti: '7f3a', exp: NOW_S + 600 });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const variants = [`${header}.${payload}.${flipSpareBits(signature)}`];
    for (const variant of variants) {
      expect(variant).not.toBe(token);
      await expect(jwtVerify(variant, HS_KEY, { currentDate: NOW })).resolves.toMatchObject({
        payload: { jti: '7f3a' },
      });
    }
  },
  'jose-accepts-ecdsa-high-s': async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ jti: '7f3a' }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const raw = base64url.decode(signature);
    const r = raw.slice(0, 32);
    const s = toBigInt(raw.slice(32));
    const malleated = new Uint8Array([...r, ...fromBigInt(P256_N - s)]);
    const twin = `${header}.${payload}.${base64url.encode(malleated)}`;
    expect(twin).not.toBe(token);
    await expect(jwtVerify(twin, publicKey)).resolves.toMatchObject({ payload: { jti: '7f3a' } });
  },
  'jose-exp-boundary-with-tolerance': async () => {
    // A deny-list entry may be dropped at (exp + clockTolerance) * 1000 ms: from then on jose refuses the token.
    const token = await hs256({ jti: '7f3a', exp: NOW_S });
    const at = (ms: number) => ({ clockTolerance: 30, currentDate: new Date(NOW.getTime() + ms) });
    await expect(jwtVerify(token, HS_KEY, at(29_999))).resolves.toHaveProperty('payload');
    expect((await rejection(() => jwtVerify(token, HS_KEY, at(30_000)))).code).toBe('ERR_JWT_EXPIRED');
  },
};
