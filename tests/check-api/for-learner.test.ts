import { describe, expect, it, vi } from 'vitest';
import { forLearner } from '../../src/check-api/for-learner';

describe('forLearner', () => {
  it('hands over a vi.fn as a frozen call-only wrapper: calls reach the mock, its record stays out of reach', () => {
    const route = vi.fn((a: number, b: number) => a + b);
    const view = forLearner(route) as unknown as Record<string, unknown> & ((a: number, b: number) => number);
    expect(view(2, 3)).toBe(5);
    expect(route).toHaveBeenCalledWith(2, 3);
    for (const member of ['mock', 'mockClear', 'mockReset', 'mockImplementation', 'getMockName'])
      expect(view[member], member).toBeUndefined();
    expect(Object.isFrozen(view)).toBe(true);
    expect(Reflect.ownKeys(view).filter((key) => key !== 'length' && key !== 'name')).toEqual([]);
  });

  it("never reveals the check's source through toString, and drops `this`", () => {
    const secret = function answerFor42(this: unknown) {
      return this === undefined ? 'no this' : 'this leaked';
    };
    const view = forLearner(secret);
    expect(Function.prototype.toString.call(view)).not.toContain('answerFor42');
    expect(Reflect.apply(view, { trusted: true }, [])).toBe('no this');
  });

  it('copies plain objects and arrays into frozen views, deeply, reading data properties only', () => {
    const publish = vi.fn();
    const config = { issuer: 'https://as.example.test', scopes: ['a'], publish, nested: { n: 1 } };
    Object.defineProperty(config, 'getter', { get: () => 'ran', enumerable: true });
    const view = forLearner(config) as typeof config & { getter?: unknown };
    expect(view).not.toBe(config);
    expect(Object.isFrozen(view) && Object.isFrozen(view.scopes) && Object.isFrozen(view.nested)).toBe(true);
    expect({ issuer: view.issuer, scopes: view.scopes, nested: view.nested }).toEqual({
      issuer: config.issuer,
      scopes: ['a'],
      nested: { n: 1 },
    });
    expect(view.getter).toBeUndefined();
    expect(view.publish).not.toBe(publish);
    view.publish();
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it("copies byte arrays, so learner code cannot write into the check's buffer", () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const view = forLearner(bytes);
    view[0] = 9;
    expect([...bytes]).toEqual([1, 2, 3]);
  });

  it('hands over primitives and host objects as they are', () => {
    const url = new URL('https://as.example.test/');
    const map = new Map([['k', 1]]);
    expect(forLearner('s')).toBe('s');
    expect(forLearner(url)).toBe(url);
    expect(forLearner(map)).toBe(map);
  });

  it('refuses a value nested deeper than 32 levels with ERR_FOR_LEARNER_TOO_DEEP', () => {
    let deep: unknown = {};
    for (let i = 0; i < 40; i++) deep = { deep };
    expect(() => forLearner(deep)).toThrow(expect.objectContaining({ code: 'ERR_FOR_LEARNER_TOO_DEEP' }));
  });
});
