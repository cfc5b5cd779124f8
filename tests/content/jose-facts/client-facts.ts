import { expect } from 'vitest';
import {
  CompactEncrypt,
  EmbeddedJWK,
  SignJWT,
  base64url,
  compactDecrypt,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type JWK,
  type JWTVerifyOptions,
} from 'jose';
import { HS_KEY, NOW, NOW_S, encodeJson, rejection, type FactBook } from './fact-kit';

const API = 'https://api.fernhill.example/appointments';

/** A DPoP proof signed by a fresh ES256 key, with `header` merged over the genuine one. */
async function dpopProof(header: (jwk: { public: JWK; private: JWK }) => Record<string, unknown>) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { public: await exportJWK(publicKey), private: await exportJWK(privateKey) };
  return new SignJWT({ jti: 'proof-1', htm: 'GET', htu: API, iat: NOW_S })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: jwk.public, ...header(jwk) })
    .sign(privateKey);
}

const PROOF_OPTIONS: JWTVerifyOptions = { typ: 'dpop+jwt', algorithms: ['ES256'], currentDate: NOW };

/** Facts about browser clients, DPoP proofs and ID tokens (module 05). */
export const clientFacts: FactBook = {
  'embeddedjwk-refuses-private-jwk': async () => {
    const genuine = await dpopProof(() => ({}));
    await expect(jwtVerify(genuine, EmbeddedJWK, PROOF_OPTIONS)).resolves.toHaveProperty('payload');
    const leaked = await dpopProof((jwk) => ({ jwk: jwk.private }));
    expect((await rejection(() => jwtVerify(leaked, EmbeddedJWK, PROOF_OPTIONS))).code).toBe(
      'ERR_JWS_INVALID',
    );
  },
  'embeddedjwk-refuses-symmetric-jwk': async () => {
    // jose's header type forbids a secret `k` in `jwk`; an attacker's token is not bound by it.
    const secretJwk: Record<string, unknown> = { jwk: { kty: 'oct', k: base64url.encode(HS_KEY) } };
    const proof = await new SignJWT({ jti: 'proof-1', htm: 'GET', htu: API, iat: NOW_S })
      .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', ...secretJwk })
      .sign(HS_KEY);
    // No `algorithms` at all: the refusal comes from the key, not from an allow-list.
    const err = await rejection(() => jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', currentDate: NOW }));
    expect(err.code).toBe('ERR_JWS_INVALID');
  },
  'jwtverify-typ-dpop-refuses-other-types': async () => {
    for (const header of [{ typ: 'JWT' }, { typ: undefined }]) {
      const proof = await dpopProof(() => header);
      expect(await rejection(() => jwtVerify(proof, EmbeddedJWK, PROOF_OPTIONS))).toMatchObject({
        code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
        claim: 'typ',
      });
    }
  },
  'jwe-rsa1-5-not-supported': async () => {
    const { privateKey, publicKey } = await generateKeyPair('RSA-OAEP-256');
    const plaintext = new TextEncoder().encode('{"sub":"patient-4411"}');
    const encrypting = await rejection(() =>
      new CompactEncrypt(plaintext).setProtectedHeader({ alg: 'RSA1_5', enc: 'A128GCM' }).encrypt(publicKey),
    );
    expect(encrypting.code).toBe('ERR_JOSE_NOT_SUPPORTED');
    // A token that claims RSA1_5 is refused before any decryption is attempted.
    const genuine = await new CompactEncrypt(plaintext)
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A128GCM' })
      .encrypt(publicKey);
    const [, ...rest] = genuine.split('.');
    const relabelled = [encodeJson({ alg: 'RSA1_5', enc: 'A128GCM' }), ...rest].join('.');
    expect((await rejection(() => compactDecrypt(relabelled, privateKey))).code).toBe(
      'ERR_JOSE_NOT_SUPPORTED',
    );
    await expect(compactDecrypt(genuine, privateKey)).resolves.toHaveProperty('plaintext');
  },
  'jwtverify-ignores-nonce-and-azp': async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const idToken = await new SignJWT({
      sub: 'patient-4411',
      nonce: 'from-another-session',
      azp: 'someone-else',
    })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('https://login.fernhill.example')
      .setAudience(['fernhill-portal', 'someone-else'])
      .setIssuedAt(NOW_S)
      .setExpirationTime(NOW_S + 300)
      .sign(privateKey);
    const { payload } = await jwtVerify(idToken, publicKey, {
      issuer: 'https://login.fernhill.example',
      audience: 'fernhill-portal',
      algorithms: ['RS256'],
      currentDate: NOW,
    });
    expect(payload).toMatchObject({ nonce: 'from-another-session', azp: 'someone-else' });
  },
  'jwtverify-requiredclaims-nonce': async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const withoutNonce = await new SignJWT({ sub: 'patient-4411' })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuedAt(NOW_S)
      .setExpirationTime(NOW_S + 300)
      .sign(privateKey);
    const options: JWTVerifyOptions = { algorithms: ['RS256'], requiredClaims: ['nonce'], currentDate: NOW };
    expect(await rejection(() => jwtVerify(withoutNonce, publicKey, options))).toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      claim: 'nonce',
      reason: 'missing',
    });
  },
};
