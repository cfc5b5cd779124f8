import { expect } from 'vitest';
import { base64url, EncryptJWT, generateKeyPair, jwtVerify } from 'jose';
import { HS_KEY, NOW, encodeJson, rejection, type FactBook } from './fact-kit';

/** Facts about token shapes and encodings (lesson 00/01). */
export const shapeFacts: FactBook = {
  'jwtverify-rejects-invalid-utf8': async () => {
    // {"s":"<byte>"}: 0x41 is "A" (the control), 0xff can never appear in UTF-8.
    const signed = async (byte: number) => {
      const header = encodeJson({ alg: 'HS256' });
      const payload = base64url.encode(
        new Uint8Array([0x7b, 0x22, 0x73, 0x22, 0x3a, 0x22, byte, 0x22, 0x7d]),
      );
      const key = await crypto.subtle.importKey('raw', HS_KEY, { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
      ]);
      const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${header}.${payload}`));
      return `${header}.${payload}.${base64url.encode(new Uint8Array(mac))}`;
    };
    await expect(jwtVerify(await signed(0x41), HS_KEY, { currentDate: NOW })).resolves.toMatchObject({
      payload: { s: 'A' },
    });
    const err = await rejection(async () => jwtVerify(await signed(0xff), HS_KEY, { currentDate: NOW }));
    expect(err.code).toBe('ERR_JWT_INVALID');
  },
  'jwtverify-rejects-jwe': async () => {
    const { publicKey } = await generateKeyPair('ECDH-ES');
    const jwe = await new EncryptJWT({ sub: 'admin' })
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' })
      .encrypt(publicKey);
    expect(jwe.split('.')).toHaveLength(5);
    const err = await rejection(() => jwtVerify(jwe, HS_KEY));
    expect(err.code).toBe('ERR_JWS_INVALID');
  },
};
