import { describe, expect, it } from 'vitest';
import { decodeCompact } from '../../../src/elements/token-inspector/decode-compact';
import { InspectionError } from '../../../src/elements/token-inspector/inspection';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function errorOf(run: () => unknown): InspectionError {
  try {
    run();
  } catch (error) {
    if (error instanceof InspectionError) return error;
    throw error;
  }
  throw new Error('expected an InspectionError');
}

describe('decodeCompact', () => {
  it('decodes the header and claims of an unsigned alg none token', () => {
    const token = `${b64url({ alg: 'none' })}.${b64url({ sub: 'admin', ü: '✓' })}.`;
    expect(decodeCompact(token)).toEqual({
      kind: 'jws',
      header: { alg: 'none' },
      headerJson: '{"alg":"none"}',
      payload: { claims: { sub: 'admin', ü: '✓' }, json: '{"sub":"admin","ü":"✓"}' },
      signatureBytes: 0,
    });
  });

  it('keeps the header of a token whose payload is not JSON, and says why the payload is not shown', () => {
    const decoded = decodeCompact(`${b64url({ alg: 'HS256' })}.bm90IGpzb24.c2ln`);
    expect(decoded.header).toEqual({ alg: 'HS256' });
    expect(decoded.payload).toMatchObject({ code: 'ERR_JSON', part: 'payload' });
  });

  it('decodes only the header of a JWE', () => {
    expect(decodeCompact(`${b64url({ alg: 'dir', enc: 'A256GCM' })}.a.b.c.d`)).toMatchObject({
      kind: 'jwe',
      header: { alg: 'dir', enc: 'A256GCM' },
      payload: undefined,
    });
  });

  it('says "Not a JWT" for garbage, whatever part of the decoding fails first', () => {
    for (const garbage of [
      'hello world',
      'abc.def.ghi',
      'a+b.e30.',
      `${Buffer.from('[1]').toString('base64url')}.e30.`,
    ]) {
      expect(errorOf(() => decodeCompact(garbage)).message).toMatch(/^Not a JWT: /);
    }
    expect(errorOf(() => decodeCompact('abc.def.ghi'))).toMatchObject({ code: 'ERR_JSON', part: 'header' });
  });
});
