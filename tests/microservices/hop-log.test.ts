import { describe, expect, it } from 'vitest';
import { extractBearer } from '../../src/token-server/microservices/bearer-token';
import { createHopLog, type HopEntry } from '../../src/token-server/microservices/hop-log';

const entry = (hop: string): Omit<HopEntry, 'id'> => ({
  time: '2026-01-01T00:00:00.000Z',
  hop,
  method: 'GET',
  url: `https://${hop}.example.test/`,
  decision: 'allowed',
  status: 200,
  requiredScopes: [],
});

describe('createHopLog', () => {
  it('numbers entries from 1 and filters them by hop', () => {
    const log = createHopLog();
    log.record(entry('gateway'));
    log.record(entry('orders'));
    expect(log.entries.map((e) => e.id)).toEqual([1, 2]);
    expect(log.of('orders').map((e) => e.hop)).toEqual(['orders']);
  });

  it('completes an in-flight entry in place and tells listeners again', () => {
    const log = createHopLog();
    const seen: Array<[number, number | null]> = [];
    const unsubscribe = log.subscribe((e) => seen.push([e.id, e.status]));
    const { id } = log.record({ ...entry('gateway'), status: null });
    log.record(entry('orders'));
    log.complete(id, { status: 200, forwardedTo: 'https://orders.example.test/' });
    expect(log.entries.map((e) => [e.hop, e.status])).toEqual([
      ['gateway', 200],
      ['orders', 200],
    ]);
    expect(seen).toEqual([
      [1, null],
      [2, 200],
      [1, 200],
    ]);
    unsubscribe();
    log.record(entry('billing'));
    expect(seen).toHaveLength(3);
  });

  it('refuses to complete an entry it does not have', () => {
    expect(() => createHopLog().complete(7, { status: 200 })).toThrow(RangeError);
  });

  it('keeps only the newest entries beyond its limit', () => {
    const log = createHopLog(3);
    for (const hop of ['a', 'b', 'c', 'd', 'e']) log.record(entry(hop));
    expect(log.entries.map((e) => e.hop)).toEqual(['c', 'd', 'e']);
  });
});

describe('extractBearer', () => {
  const request = (authorization?: string) =>
    new Request('https://orders.example.test/', authorization ? { headers: { authorization } } : {});

  it('reads a b64token after a case-insensitive Bearer scheme (RFC 6750 §2.1)', () => {
    expect(extractBearer(request('Bearer abc.def-_~+/.ghi=='))).toEqual({
      kind: 'token',
      token: 'abc.def-_~+/.ghi==',
    });
    expect(extractBearer(request('bearer abc'))).toEqual({ kind: 'token', token: 'abc' });
  });

  it('treats a missing header or another scheme as no credentials', () => {
    expect(extractBearer(request())).toEqual({ kind: 'none' });
    expect(extractBearer(request('Basic YTpi'))).toEqual({ kind: 'none' });
    expect(extractBearer(request('DPoP abc'))).toEqual({ kind: 'none' });
  });

  it('calls a Bearer header without exactly one b64token malformed', () => {
    for (const value of ['Bearer', 'Bearer ', 'Bearer a b', 'Bearer a"b', 'Bearer =abc']) {
      expect(extractBearer(request(value))).toEqual({ kind: 'malformed' });
    }
  });
});
