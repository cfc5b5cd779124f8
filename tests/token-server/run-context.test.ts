import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTokenServer,
  disposeRunContext,
  evidence,
  hasRunContext,
  labClock,
  labNetwork,
  realTimers,
  resetRunContext,
  takeEvidence,
} from '../../src/check-api';

afterEach(() => disposeRunContext());

describe('resetRunContext', () => {
  it('drives Date and Date.now from a virtual clock at 2026-01-01T00:00:00Z', async () => {
    resetRunContext();
    expect(new Date().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    await labClock().advance(90);
    expect(Date.now()).toBe(Date.parse('2026-01-01T00:01:30Z'));
  });

  it('runs due timers when the clock advances, in order', async () => {
    resetRunContext();
    const fired: string[] = [];
    setTimeout(() => fired.push('b'), 20_000);
    setTimeout(() => fired.push('a'), 10_000);
    setTimeout(() => fired.push('late'), 60_000);
    await labClock().advance(30);
    expect(fired).toEqual(['a', 'b']);
  });

  it('lets promise chains started by a timer schedule timers that also fall in the window', async () => {
    resetRunContext();
    const fired: number[] = [];
    setTimeout(async () => {
      await Promise.resolve();
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      fired.push(Date.now());
    }, 10_000);
    await labClock().advance(20);
    expect(fired).toEqual([Date.parse('2026-01-01T00:00:15Z')]);
    expect(Date.now()).toBe(Date.parse('2026-01-01T00:00:20Z'));
  });

  it('fires timers due exactly at the target, including ones scheduled during the advance', async () => {
    resetRunContext();
    const fired: string[] = [];
    setTimeout(() => {
      fired.push('first');
      setTimeout(() => fired.push('scheduled at the target'), 5_000);
    }, 5_000);
    await labClock().advance(10);
    expect(fired).toEqual(['first', 'scheduled at the target']);
  });

  it('completes the advance, then rejects with the first error a timer threw', async () => {
    resetRunContext();
    let later = false;
    setTimeout(() => {
      throw new Error('learner bug');
    }, 1_000);
    setTimeout(() => {
      later = true;
    }, 2_000);
    await expect(labClock().advance(5)).rejects.toThrow('learner bug');
    expect(later).toBe(true);
    expect(Date.now()).toBe(Date.parse('2026-01-01T00:00:05Z'));
  });

  it('stops a runaway zero-delay timer with ERR_CLOCK_TOO_MANY_TIMERS', async () => {
    resetRunContext();
    setInterval(() => {}, 0);
    await expect(labClock().advance(1)).rejects.toMatchObject({ code: 'ERR_CLOCK_TOO_MANY_TIMERS' });
  });

  it('starts each check fresh: new time, new network, no evidence', async () => {
    resetRunContext();
    await labClock().advance(3600);
    evidence({ note: 'left over' });
    labNetwork().register('https://x.example.test', () => new Response('x'));
    resetRunContext();
    expect(Date.now()).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(labNetwork().origins()).toEqual([]);
    expect(takeEvidence()).toEqual([]);
  });

  it('routes the global fetch through the simulated network', async () => {
    resetRunContext();
    await expect(fetch('https://example.com/')).rejects.toMatchObject({ code: 'ERR_LAB_NO_NETWORK' });
    const server = await createTokenServer();
    const response = await fetch(`${server.issuer}/.well-known/oauth-authorization-server`);
    expect(await response.json()).toMatchObject({ issuer: 'https://as.example.test' });
  });

  it('lets jose createRemoteJWKSet fetch, cache and expire under the virtual clock', async () => {
    resetRunContext();
    const server = await createTokenServer();
    const { accessToken } = await server.issueTokens({});
    const jwks = createRemoteJWKSet(new URL(server.endpoints.jwks));
    const options = { issuer: server.issuer, audience: server.audience, typ: 'at+jwt' };
    await expect(jwtVerify(accessToken.token, jwks, options)).resolves.toBeDefined();
    await labClock().advance(901);
    await expect(jwtVerify(accessToken.token, jwks, options)).rejects.toMatchObject({
      code: 'ERR_JWT_EXPIRED',
    });
    // jose's default cacheMaxAge is 10 minutes: the advance made it refetch once.
    expect(server.log.entries.filter((e) => e.url === server.endpoints.jwks)).toHaveLength(2);
  });

  it('restores the real Date, timers and the very fetch it replaced on dispose', () => {
    const realFetch = globalThis.fetch;
    expect(realFetch.name).toBe('fetch');
    resetRunContext();
    expect(globalThis.fetch).not.toBe(realFetch);
    disposeRunContext();
    expect(globalThis.fetch).toBe(realFetch);
    expect(Math.abs(Date.now() - realTimers.dateNow())).toBeLessThan(1000);
    expect(hasRunContext()).toBe(false);
  });

  it('keeps realTimers on real time while the clock is fake', async () => {
    resetRunContext();
    const started = realTimers.performanceNow();
    await new Promise((resolve) => realTimers.setTimeout(resolve, 5));
    expect(realTimers.performanceNow() - started).toBeGreaterThanOrEqual(4);
    expect(realTimers.dateNow()).toBeGreaterThan(Date.parse('2026-06-01T00:00:00Z'));
  });
});

describe('evidence', () => {
  it('records schema-checked evidence that takeEvidence hands over once', () => {
    resetRunContext();
    evidence({ token: 'a.b.', clauses: ['RFC 8725 §3.1'], note: 'alg none' });
    evidence({ note: 'second' });
    expect(takeEvidence()).toEqual([
      { token: 'a.b.', clauses: ['RFC 8725 §3.1'], note: 'alg none' },
      { clauses: [], note: 'second' },
    ]);
    expect(takeEvidence()).toEqual([]);
  });

  it('treats members set to undefined as absent', () => {
    resetRunContext();
    const token: string | undefined = undefined;
    evidence({ token, note: 'no token captured' });
    expect(takeEvidence()).toEqual([{ clauses: [], note: 'no token captured' }]);
  });

  it('throws ERR_LAB_NO_RUN_CONTEXT outside a run', () => {
    expect(() => labClock()).toThrow(expect.objectContaining({ code: 'ERR_LAB_NO_RUN_CONTEXT' }));
    expect(() => evidence({ note: 'x' })).toThrow(
      expect.objectContaining({ code: 'ERR_LAB_NO_RUN_CONTEXT' }),
    );
  });
});
