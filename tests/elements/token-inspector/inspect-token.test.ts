import { SignJWT, UnsecuredJWT, generateKeyPair, exportJWK, EncryptJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { InspectionError } from '../../../src/elements/token-inspector/inspection';
import { inspectToken } from '../../../src/elements/token-inspector/inspect-token';

const NOW = new Date('2026-01-01T00:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const KEY = new TextEncoder().encode('0123456789abcdef0123456789abcdef');

const codes = (token: string) => inspectToken(token, NOW).warnings.map((w) => w.code);

async function accessToken(claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) {
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT({
    sub: 'user_8412',
    aud: 'https://api.shopfront.example',
    jti: 'j1',
    iat: NOW_S,
    exp: NOW_S + 900,
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt', ...header })
    .sign(privateKey);
}

function inspectionError(fn: () => unknown): InspectionError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InspectionError) return error;
    throw error;
  }
  throw new Error('expected an InspectionError');
}

describe('inspectToken', () => {
  it('decodes a well-formed access token without warnings and explains its times', async () => {
    const inspection = inspectToken(await accessToken(), NOW);
    expect(inspection.kind).toBe('jws');
    expect(inspection.header).toEqual({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' });
    expect(inspection.signatureBytes).toBe(64);
    expect(inspection.warnings).toEqual([]);
    const exp = inspection.claims.find((c) => c.name === 'exp');
    expect(exp?.time).toBe('2026-01-01T00:15:00Z (in 15 minutes)');
    expect(exp?.meaning).toMatch(/RFC 7519 §4.1.4/);
  });

  it('accepts a pasted Authorization value', async () => {
    expect(inspectToken(`Bearer ${await accessToken()}`, NOW).kind).toBe('jws');
  });

  it('flags alg none and its spellings as danger', () => {
    expect(codes(new UnsecuredJWT({ sub: 'admin', exp: NOW_S + 60 }).encode())).toContain('ALG_NONE');
    const nOnE = `${Buffer.from('{"alg":"nOnE"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`;
    expect(inspectToken(nOnE, NOW).warnings[0]).toMatchObject({ code: 'ALG_NONE', severity: 'danger' });
  });

  it('calls a header without alg malformed, not unsecured', () => {
    const noAlg = `${Buffer.from('{"typ":"at+jwt"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.c2ln`;
    expect(inspectToken(noAlg, NOW).warnings[0]).toMatchObject({ code: 'MISSING_ALG', severity: 'danger' });
    expect(codes(noAlg)).not.toContain('ALG_NONE');
  });

  it('notes the deprecated EdDSA name and not Ed25519', async () => {
    const { privateKey } = await generateKeyPair('Ed25519');
    const sign = (alg: string) =>
      new SignJWT({ aud: 'a', jti: 'j', iat: NOW_S, exp: NOW_S + 900 })
        .setProtectedHeader({ alg, typ: 'at+jwt' })
        .sign(privateKey);
    expect(codes(await sign('EdDSA'))).toEqual(['DEPRECATED_ALG']);
    expect(codes(await sign('Ed25519'))).toEqual([]);
  });

  it('flags a stripped signature', async () => {
    const [h, p] = (await accessToken()).split('.');
    expect(codes(`${h}.${p}.`)).toContain('EMPTY_SIGNATURE');
  });

  it('flags header key material and suspicious kid values', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    const token = await accessToken(
      {},
      { jku: 'https://evil.example/jwks', x5u: 'https://evil.example/c', jwk: await exportJWK(publicKey) },
    );
    expect(codes(token)).toEqual(expect.arrayContaining(['HEADER_JKU', 'HEADER_X5U', 'HEADER_JWK']));
    for (const kid of [
      '../../../../dev/null',
      '/dev/null',
      'keys/../../etc/passwd',
      '..\\..\\win.ini',
      "x' UNION SELECT '1';--",
      '|sleep 10',
      '',
      'k1\u0001',
    ]) {
      expect(codes(await accessToken({}, { kid })), kid).toContain('KID_SUSPICIOUS');
    }
    // Standard-base64 kids (thumbprints, certificate hashes) contain "/", "+" and "=".
    for (const kid of ['shopfront-2026-01', 'r4/Z2xq+Hn0Y8sL1mBc9/QeW1xk=', '/x8Azq+w==', 'a/b']) {
      expect(codes(await accessToken({}, { kid })), kid).not.toContain('KID_SUSPICIOUS');
    }
  });

  it('flags a missing exp, a long lifetime, expiry and a future iat', async () => {
    const noExp = await new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'HS256' }).sign(KEY);
    expect(codes(noExp)).toEqual(
      expect.arrayContaining(['MISSING_EXP', 'MISSING_AUD', 'MISSING_JTI', 'SYMMETRIC_ALG', 'NO_TYP']),
    );
    expect(codes(await accessToken({ exp: NOW_S + 30 * 86400 }))).toContain('LONG_LIFETIME');
    expect(codes(await accessToken({ iat: NOW_S - 1000, exp: NOW_S - 100 }))).toContain('EXPIRED');
    expect(codes(await accessToken({ iat: NOW_S + 3600, exp: NOW_S + 4000 }))).toContain('IAT_IN_FUTURE');
    expect(codes(await accessToken({ exp: (NOW_S + 900) * 1000 }))).toContain('TIME_IN_MILLISECONDS');
    expect(codes(await accessToken({ exp: '9999999999' }))).toContain('TIME_NOT_NUMERIC');
  });

  it('flags sensitive-looking claims', async () => {
    expect(codes(await accessToken({ password: 'hunter2' }))).toContain('SENSITIVE_CLAIM');
  });

  it('flags duplicate header parameters and claims, as parsers disagree about them', () => {
    const header = Buffer.from('{"alg":"none","alg":"HS256"}').toString('base64url');
    const payload = Buffer.from('{"sub":"alice","nested":{"sub":1},"sub":"admin","exp":1767226500}').toString(
      'base64url',
    );
    const inspection = inspectToken(`${header}.${payload}.c2ln`, NOW);
    const duplicates = inspection.warnings.filter((w) => w.code === 'DUPLICATE_MEMBER').map((w) => w.message);
    expect(duplicates).toHaveLength(2);
    expect(duplicates[0]).toContain('"alg"');
    expect(duplicates[1]).toContain('"sub"');
    expect(inspection.payload?.['sub']).toBe('admin');
    const nestedOnly = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"a":{"b":1,"b":2}}').toString('base64url')}.c2ln`;
    expect(codes(nestedOnly)).not.toContain('DUPLICATE_MEMBER');
  });

  it('shows only the header of a JWE', async () => {
    const { publicKey } = await generateKeyPair('ECDH-ES');
    const jwe = await new EncryptJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' })
      .encrypt(publicKey);
    const inspection = inspectToken(jwe, NOW);
    expect(inspection).toMatchObject({
      kind: 'jwe',
      payload: undefined,
      header: { alg: 'ECDH-ES', enc: 'A256GCM' },
    });
    expect(inspection.warnings.map((w) => w.code)).toEqual(['ENCRYPTED']);
  });

  it('flags what a decrypting API should refuse in a JWE header: RSA1_5, a large p2c, compression', () => {
    const jwe = (header: Record<string, unknown>) =>
      `${Buffer.from(JSON.stringify(header)).toString('base64url')}.a2V5.aXY.Y2lwaGVy.dGFn`;
    expect(codes(jwe({ alg: 'RSA1_5', enc: 'A128CBC-HS256' }))).toEqual(['JWE_RSA1_5', 'ENCRYPTED']);
    expect(codes(jwe({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2c: 10_000_000, p2s: 'c2FsdA' }))).toEqual(
      ['JWE_LARGE_P2C', 'ENCRYPTED'],
    );
    expect(codes(jwe({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2c: 10_000, p2s: 'c2FsdA' }))).toEqual([
      'ENCRYPTED',
    ]);
    expect(codes(jwe({ alg: 'ECDH-ES', enc: 'A256GCM', zip: 'DEF' }))).toEqual([
      'JWE_COMPRESSED',
      'ENCRYPTED',
    ]);
  });

  it('names the part and the problem for input it cannot decode', () => {
    expect(inspectionError(() => inspectToken('  ', NOW)).code).toBe('ERR_EMPTY');
    expect(inspectionError(() => inspectToken('a.b', NOW))).toMatchObject({
      code: 'ERR_NOT_COMPACT',
      part: 'token',
    });
    expect(inspectionError(() => inspectToken('a+b.e30.', NOW))).toMatchObject({
      code: 'ERR_BASE64URL',
      part: 'header',
    });
    const notJson = Buffer.from('not json').toString('base64url');
    expect(inspectionError(() => inspectToken(`${notJson}.e30.`, NOW))).toMatchObject({
      code: 'ERR_JSON',
      part: 'header',
    });
    const array = Buffer.from('[1]').toString('base64url');
    expect(inspectionError(() => inspectToken(`e30.${array}.`, NOW))).toMatchObject({
      code: 'ERR_NOT_OBJECT',
      part: 'payload',
    });
  });
});
