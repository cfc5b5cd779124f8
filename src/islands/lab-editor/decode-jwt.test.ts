import { describe, expect, it } from 'vitest';
import { decodeJwt } from './decode-jwt';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('decodeJwt', () => {
  it('decodes the header and payload of an unsigned alg none token', () => {
    const token = `${b64url({ alg: 'none' })}.${b64url({ sub: 'admin', ü: '✓' })}.`;
    expect(decodeJwt(token)).toEqual({
      ok: true,
      header: { alg: 'none' },
      payload: { sub: 'admin', ü: '✓' },
      signature: '',
      parts: 3,
    });
  });

  it('shows a non-JSON payload undecoded instead of failing', () => {
    const decoded = decodeJwt(`${b64url({ alg: 'HS256' })}.bm90IGpzb24.sig`);
    expect(decoded).toMatchObject({
      ok: true,
      payload: '(not JSON) bm90IGpzb24',
    });
  });

  it('shows only the header of a JWE', () => {
    expect(decodeJwt(`${b64url({ alg: 'dir', enc: 'A256GCM' })}.a.b.c.d`)).toMatchObject({
      ok: true,
      header: { alg: 'dir', enc: 'A256GCM' },
      parts: 5,
    });
  });

  it('explains a token with the wrong number of parts', () => {
    expect(decodeJwt('abc.def')).toEqual({
      ok: false,
      reason: 'a compact token has 3 (JWS) or 5 (JWE) parts, this has 2',
    });
  });

  it('explains a header that is not JSON', () => {
    expect(decodeJwt('!!!.e30.x')).toEqual({
      ok: false,
      reason: 'the header is not base64url-encoded JSON',
    });
  });
});
