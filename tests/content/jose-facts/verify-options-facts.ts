import { expect } from 'vitest';
import { errors, jwtVerify } from 'jose';
import { HS_KEY, NOW, NOW_S, hs256, rejection, type FactBook } from './fact-kit';

const ISS = 'https://login.shopfront.example';
const ORDERS = 'https://orders.shopfront.example';

/** Facts about jwtVerify's options (lesson 01/02). */
export const verifyOptionsFacts: FactBook = {
  'jwtverify-algorithms-allow-list': async () => {
    const token = await hs256({ sub: 'u' });
    let resolverCalls = 0;
    const getKey = async () => {
      resolverCalls += 1;
      return HS_KEY;
    };
    const err = await rejection(() => jwtVerify(token, getKey, { algorithms: ['ES256'], currentDate: NOW }));
    expect(err.code).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
    expect(resolverCalls).toBe(0);
    await expect(
      jwtVerify(token, getKey, { algorithms: ['HS256'], currentDate: NOW }),
    ).resolves.toHaveProperty('payload');
  },
  'jwtverify-issuer-exact-match': async () => {
    const token = await hs256({ iss: `${ISS}/` });
    const err = await rejection(() => jwtVerify(token, HS_KEY, { issuer: ISS, currentDate: NOW }));
    expect(err).toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' });
    await expect(jwtVerify(await hs256({ iss: ISS }), HS_KEY, { issuer: ISS })).resolves.toHaveProperty(
      'payload',
    );
  },
  'jwtverify-audience-any-match': async () => {
    const many = await hs256({ aud: ['https://billing.shopfront.example', ORDERS] });
    await expect(jwtVerify(many, HS_KEY, { audience: ORDERS })).resolves.toHaveProperty('payload');
    const other = await hs256({ aud: 'https://billing.shopfront.example' });
    expect(await rejection(() => jwtVerify(other, HS_KEY, { audience: ORDERS }))).toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      claim: 'aud',
    });
    expect(
      await rejection(async () => jwtVerify(await hs256({}), HS_KEY, { audience: ORDERS })),
    ).toMatchObject({
      claim: 'aud',
      reason: 'missing',
    });
  },
  'jwtverify-typ-normalised': async () => {
    await expect(
      jwtVerify(await hs256({}, { typ: 'application/AT+JWT' }), HS_KEY, { typ: 'at+jwt' }),
    ).resolves.toHaveProperty('payload');
    for (const header of [{ typ: 'JWT' }, {}]) {
      const err = await rejection(async () => jwtVerify(await hs256({}, header), HS_KEY, { typ: 'at+jwt' }));
      expect(err).toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'typ' });
    }
  },
  'jwtverify-clock-tolerance': async () => {
    const token = await hs256({ exp: NOW_S - 30 });
    expect((await rejection(() => jwtVerify(token, HS_KEY, { currentDate: NOW }))).code).toBe(
      'ERR_JWT_EXPIRED',
    );
    await expect(jwtVerify(token, HS_KEY, { currentDate: NOW, clockTolerance: 60 })).resolves.toHaveProperty(
      'payload',
    );
  },
  'jwtverify-expired-at-exp': async () => {
    const token = await hs256({ exp: NOW_S });
    expect((await rejection(() => jwtVerify(token, HS_KEY, { currentDate: NOW }))).code).toBe(
      'ERR_JWT_EXPIRED',
    );
    await expect(
      jwtVerify(token, HS_KEY, { currentDate: new Date(NOW.getTime() - 1000) }),
    ).resolves.toHaveProperty('payload');
  },
  'jwtverify-maxtokenage-bounds-age': async () => {
    const token = await hs256({ iat: NOW_S - 3600, exp: NOW_S + 10 * 365 * 86400 });
    await expect(jwtVerify(token, HS_KEY, { currentDate: NOW })).resolves.toHaveProperty('payload');
    expect(
      await rejection(() => jwtVerify(token, HS_KEY, { currentDate: NOW, maxTokenAge: '15m' })),
    ).toMatchObject({
      code: 'ERR_JWT_EXPIRED',
      claim: 'iat',
    });
  },
  'jwtverify-future-iat-needs-maxtokenage': async () => {
    const token = await hs256({ iat: NOW_S + 3600, exp: NOW_S + 4500 });
    await expect(jwtVerify(token, HS_KEY, { currentDate: NOW })).resolves.toHaveProperty('payload');
    expect(
      await rejection(() => jwtVerify(token, HS_KEY, { currentDate: NOW, maxTokenAge: '15m' })),
    ).toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      claim: 'iat',
    });
  },
  'jwtverify-future-nbf-or-iat-is-claim-failure': async () => {
    const notYet = await rejection(async () =>
      jwtVerify(await hs256({ nbf: NOW_S + 3600 }), HS_KEY, { currentDate: NOW }),
    );
    expect(notYet).toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'nbf' });
    expect(notYet).not.toBeInstanceOf(errors.JWTExpired);
    const fromTheFuture = await rejection(async () =>
      jwtVerify(await hs256({ iat: NOW_S + 3600 }), HS_KEY, { currentDate: NOW, maxTokenAge: '15m' }),
    );
    expect(fromTheFuture).toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iat' });
    expect(fromTheFuture).not.toBeInstanceOf(errors.JWTExpired);
  },
  'jwtexpired-not-a-claim-failure': async () => {
    const err = await rejection(async () =>
      jwtVerify(await hs256({ exp: NOW_S - 1 }), HS_KEY, { currentDate: NOW }),
    );
    expect(err).toBeInstanceOf(errors.JWTExpired);
    expect(err).not.toBeInstanceOf(errors.JWTClaimValidationFailed);
  },
};
