import { equals } from '@vitest/expect';
import { describe, expect, it } from 'vitest';
import { createLearnerProxyConstructor } from '../../src/check-api/learner-proxies';
import { SNAPSHOT_LIMITS, SnapshotError, snapshot } from '../../src/check-api/snapshot';

/** The code a refused value fails with (the snapshot must throw). */
function refusal(value: unknown): { code: string; path: string; message: string } {
  try {
    snapshot(value);
  } catch (error) {
    if (error instanceof SnapshotError) return { code: error.code, path: error.path, message: error.message };
    throw error;
  }
  throw new Error('the snapshot accepted the value');
}

const LearnerProxy = createLearnerProxyConstructor();

describe('snapshot', () => {
  it('copies plain data, drops functions and keeps array positions', () => {
    const source = {
      sub: 'user-alice',
      aud: ['a', 'b'],
      exp: 10,
      nested: { ok: true, n: null },
      fn: () => 1,
    };
    const copy = snapshot(source);
    expect(copy).toEqual({ sub: 'user-alice', aud: ['a', 'b'], exp: 10, nested: { ok: true, n: null } });
    expect(copy).not.toBe(source);
    expect(snapshot([1, () => 2, 3])).toEqual([1, undefined, 3]);
    expect(snapshot(() => 1)).toBeUndefined();
  });

  it('reads each property once and never calls a getter', () => {
    let reads = 0;
    const value = Object.defineProperty({}, 'sub', {
      enumerable: true,
      get: () => {
        reads += 1;
        return 'user-alice';
      },
    });
    expect(refusal(value)).toMatchObject({ code: 'ERR_SNAPSHOT_ACCESSOR', path: '.sub' });
    expect(reads).toBe(0);
  });

  it('refuses a getter that throws without running it', () => {
    const value = {
      get claims(): never {
        throw new Error('boom');
      },
    };
    expect(refusal({ outer: value }).code).toBe('ERR_SNAPSHOT_ACCESSOR');
  });

  it('refuses a value that would answer an assertion itself (asymmetricMatch)', () => {
    expect(refusal({ asymmetricMatch: () => true }).code).toBe('ERR_SNAPSHOT_MATCHER');
    expect(refusal({ payload: { asymmetricMatch: 'x' } })).toMatchObject({
      code: 'ERR_SNAPSHOT_MATCHER',
      path: '.payload.asymmetricMatch',
    });
  });

  it('refuses thenables and promises', () => {
    expect(refusal({ then: (resolve: (v: number) => void) => resolve(1) }).code).toBe(
      'ERR_SNAPSHOT_THENABLE',
    );
    expect(refusal(Promise.resolve(1)).code).toBe('ERR_SNAPSHOT_UNSUPPORTED');
  });

  it('refuses symbol keys and symbol values', () => {
    expect(refusal({ [Symbol.toPrimitive]: () => 'accepted' }).code).toBe('ERR_SNAPSHOT_SYMBOL_KEY');
    expect(refusal({ [Symbol.for('jest.asymmetricMatcher')]: true }).code).toBe('ERR_SNAPSHOT_SYMBOL_KEY');
    expect(refusal(Symbol('x')).code).toBe('ERR_SNAPSHOT_UNSUPPORTED');
  });

  it('refuses a Proxy the learner made, without running its traps', () => {
    let trapped = 0;
    const proxy = new LearnerProxy(
      {},
      {
        ownKeys: () => {
          trapped += 1;
          return [];
        },
      },
    );
    expect(refusal({ claims: proxy })).toMatchObject({ code: 'ERR_SNAPSHOT_PROXY', path: '.claims' });
    expect(refusal(LearnerProxy.revocable({}, {}).proxy).code).toBe('ERR_SNAPSHOT_PROXY');
    expect(refusal(Object.create(new LearnerProxy({}, {})) as object).code).toBe('ERR_SNAPSHOT_PROXY');
    expect(trapped).toBe(0);
  });

  it('refuses cycles and graphs past its limits, with a named failure', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(refusal(cyclic)).toMatchObject({ code: 'ERR_SNAPSHOT_CYCLE', path: '.self' });
    let deep: unknown = 'bottom';
    for (let i = 0; i < SNAPSHOT_LIMITS.depth + 1; i++) deep = { deep };
    expect(refusal(deep).code).toBe('ERR_SNAPSHOT_TOO_LARGE');
    expect(refusal(new Array(SNAPSHOT_LIMITS.nodes + 1).fill(0)).code).toBe('ERR_SNAPSHOT_TOO_LARGE');
    expect(refusal(['x'.repeat(SNAPSHOT_LIMITS.stringChars + 1)]).code).toBe('ERR_SNAPSHOT_TOO_LARGE');
  });

  it('keeps a shared (acyclic) member twice', () => {
    const shared = { kid: 'k1' };
    expect(snapshot({ a: shared, b: shared })).toEqual({ a: { kid: 'k1' }, b: { kid: 'k1' } });
  });

  it("keeps an error's name, message and own data, never its stack", () => {
    class JWTExpired extends Error {
      code = 'ERR_JWT_EXPIRED';
      claim = 'exp';
    }
    JWTExpired.prototype.name = 'JWTExpired';
    expect(snapshot(new JWTExpired('"exp" claim timestamp check failed'))).toEqual({
      name: 'JWTExpired',
      message: '"exp" claim timestamp check failed',
      code: 'ERR_JWT_EXPIRED',
      claim: 'exp',
    });
  });

  it("reads a platform DOMException's name and message through the platform, and a look-alike's not at all", () => {
    const timedOut = new DOMException('The operation timed out.', 'TimeoutError');
    expect(snapshot(timedOut)).toEqual({ name: 'TimeoutError', message: 'The operation timed out.' });
    expect(snapshot(new Error('read failed', { cause: timedOut }))).toMatchObject({
      cause: { name: 'TimeoutError', message: 'The operation timed out.' },
    });
    const lookAlike = Object.create(DOMException.prototype) as object;
    expect(refusal(lookAlike)).toMatchObject({ code: 'ERR_SNAPSHOT_ACCESSOR', path: '.name' });
  });

  it('refuses Map, Set, RegExp and other exotic objects by name', () => {
    for (const exotic of [new Map(), new Set(), /x/, new WeakMap(), new ArrayBuffer(2), new Blob([])]) {
      expect(refusal(exotic).code, String(exotic)).toBe('ERR_SNAPSHOT_UNSUPPORTED');
    }
  });

  it('walks a platform object made as an error as the error it shows, with no slot reachable', () => {
    const made = [Reflect.construct(Map, [], Error), Reflect.construct(Date, [0], Error)];
    for (const object of made) Object.assign(object, { code: 'ERR_JWT_EXPIRED' });
    expect(made.map((object) => snapshot(object))).toEqual([
      { name: 'Error', code: 'ERR_JWT_EXPIRED' },
      { name: 'Error', code: 'ERR_JWT_EXPIRED' },
    ]);
  });

  it('walks a platform object moved onto a plain prototype as the plain data it shows, with no slot reachable', () => {
    const moved = [new Map([['sub', 'user-bob']]), Promise.resolve(1), new Date(0), new Response('{}')];
    for (const object of moved) Object.setPrototypeOf(object, Object.prototype);
    const copies = moved.map((object) => snapshot(object));
    expect(copies).toEqual([{}, {}, {}, {}]);
    expect(copies.every((copy) => Object.getPrototypeOf(copy) === Object.prototype)).toBe(true);
    const array = Object.setPrototypeOf(new Date(0), Array.prototype) as unknown as unknown[];
    expect(snapshot({ claims: array })).toEqual({ claims: {} });
  });

  it('copies dates and bytes, and reads a Response through the platform', () => {
    expect(snapshot(new Date(0))).toEqual(new Date(0));
    const bytes = new Uint8Array([1, 2, 3]).subarray(1);
    expect(snapshot(bytes)).toEqual(new Uint8Array([2, 3]));
    const response = new Response('{}', { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="x"' } });
    Object.defineProperty(response, 'status', { value: 200 });
    expect(snapshot(response)).toMatchObject({
      status: 401,
      headers: { 'www-authenticate': 'Bearer error="x"' },
    });
    expect(snapshot(new URL('https://a.example.test/x'))).toBe('https://a.example.test/x');
  });

  it('gives matchers data that no longer answers for itself', () => {
    // A value vitest would otherwise treat as a matcher: equals() calls its asymmetricMatch.
    const cheat = { sub: 'user-alice', toJSON: () => ({}) };
    expect(equals(snapshot(cheat), { sub: 'user-bob' })).toBe(false);
  });
});
