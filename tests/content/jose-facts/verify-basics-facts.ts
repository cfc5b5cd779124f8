import { expect } from 'vitest';
import { EncryptJWT, decodeJwt, decodeProtectedHeader, generateKeyPair, jwtDecrypt, jwtVerify } from 'jose';
import { HS_KEY, NOW, NOW_S, encodeJson, hs256, rejection, type FactBook } from './fact-kit';

/** Facts about decoding versus verifying (lesson 00/03). */
export const verifyBasicsFacts: FactBook = {
  'decodejwt-does-not-verify': async () => {
    const forged = `${encodeJson({ alg: 'HS256', kid: 'k1' })}.${encodeJson({ sub: 'user_1' })}.bm90LWEtc2lnbmF0dXJl`;
    expect(decodeJwt(forged)).toEqual({ sub: 'user_1' });
    expect(decodeProtectedHeader(forged)).toEqual({ alg: 'HS256', kid: 'k1' });
  },
  'jwtverify-rejects-edited-payload': async () => {
    const [header, , signature] = (await hs256({ sub: 'user_8412' })).split('.');
    const edited = `${header}.${encodeJson({ sub: 'user_1' })}.${signature}`;
    const err = await rejection(() => jwtVerify(edited, HS_KEY, { currentDate: NOW }));
    expect(err.code).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  },
  'jwtverify-signature-before-claims': async () => {
    const expired = await hs256({ sub: 'user_8412', exp: NOW_S - 60 });
    const [header, , signature] = expired.split('.');
    const forgedAndExpired = `${header}.${encodeJson({ sub: 'admin', exp: NOW_S - 60 })}.${signature}`;
    const forgedErr = await rejection(() => jwtVerify(forgedAndExpired, HS_KEY, { currentDate: NOW }));
    expect(forgedErr.code).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    const expiredErr = (await rejection(() => jwtVerify(expired, HS_KEY, { currentDate: NOW }))) as {
      code?: string;
      payload?: unknown;
    };
    expect(expiredErr.code).toBe('ERR_JWT_EXPIRED');
    expect(expiredErr.payload).toEqual({ sub: 'user_8412', exp: NOW_S - 60 });
  },
  'jwtverify-exp-not-required': async () => {
    const noExp = await hs256({ sub: 'user_8412' });
    await expect(jwtVerify(noExp, HS_KEY, { currentDate: NOW })).resolves.toMatchObject({
      payload: { sub: 'user_8412' },
    });
    const err = await rejection(() =>
      jwtVerify(noExp, HS_KEY, { currentDate: NOW, requiredClaims: ['exp'] }),
    );
    expect(err).toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'exp', reason: 'missing' });
  },
  'jwtdecrypt-accepts-unsigned-jwe': async () => {
    const { publicKey, privateKey } = await generateKeyPair('ECDH-ES');
    // Anyone can do this: it needs only the recipient's public key.
    const minted = await new EncryptJWT({ sub: 'admin' })
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' })
      .encrypt(publicKey);
    const { payload } = await jwtDecrypt(minted, privateKey);
    expect(payload.sub).toBe('admin');
  },
};
