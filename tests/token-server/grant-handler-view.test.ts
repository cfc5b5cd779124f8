import { describe, expect, it } from 'vitest';
import type { GrantContext, GrantHandler } from '../../src/token-server';
import { refreshTokenGrant } from '../support/refresh-token-grant';
import { codeFlow, frozenServer, json, refresh } from './support/token-requests';

/** A refresh grant that records the context it was given, then behaves as the course's reference. */
function recording(): { handler: GrantHandler; seen: () => GrantContext } {
  let context: GrantContext | undefined;
  return {
    handler: (ctx) => {
      context = ctx;
      return refreshTokenGrant(ctx);
    },
    seen: () => {
      if (context === undefined) throw new Error('the handler never ran');
      return context;
    },
  };
}

describe('what a grant handler (learner code in refresh-rotation) gets from the server', () => {
  it('reads the clock but cannot move it', async () => {
    const { handler, seen } = recording();
    const server = await frozenServer({ grants: { refresh_token: handler } });
    const before = server.clock.nowMs();
    const first = await codeFlow(server);
    expect((await refresh(server, first['refresh_token'] as string)).status).toBe(200);
    const clock = seen().clock as unknown as Record<string, unknown>;
    expect(seen().clock.nowMs()).toBe(server.clock.nowMs());
    expect(clock['advance']).toBeUndefined();
    expect(clock['set']).toBeUndefined();
    expect(Object.isFrozen(clock)).toBe(true);
    expect(server.clock.nowMs()).toBe(before);
  });

  it('uses the stores through frozen views whose methods it cannot replace', async () => {
    const { handler, seen } = recording();
    const server = await frozenServer({ grants: { refresh_token: handler } });
    const first = await codeFlow(server);
    const rotated = await json(await refresh(server, first['refresh_token'] as string));
    const { grants, refreshTokens, codes } = seen();
    for (const view of [grants, refreshTokens, codes]) {
      expect(Object.isFrozen(view)).toBe(true);
      expect(() => {
        (view as unknown as Record<string, unknown>)['find'] = () => undefined;
      }).toThrow(TypeError);
    }
    expect(grants).not.toBe(server.grants);
    expect(grants.size).toBe(server.grants.size);
    expect(refreshTokens.find(rotated['refresh_token'] as string)?.grantId).toBe(
      server.refreshTokens.find(rotated['refresh_token'] as string)?.grantId,
    );
  });
});
