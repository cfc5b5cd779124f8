import { describe, expect, it } from 'vitest';
import type { GrantContext, GrantHandler, RefreshTokenRecord } from '../../src/token-server';
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

  it('hands out frozen copies of records: writing one throws, and the store keeps its own', async () => {
    const writes: string[] = [];
    let kept: RefreshTokenRecord | undefined;
    const tryWrite = (label: string, write: () => void) => {
      try {
        write();
        writes.push(`${label}: written`);
      } catch (error) {
        writes.push(`${label}: ${(error as Error).name}`);
      }
    };
    const server = await frozenServer({
      grants: {
        refresh_token: async (ctx) => {
          const presented = ctx.params.get('refresh_token') ?? '';
          const body = await refreshTokenGrant(ctx);
          // The presented token is consumed now; a handler that could write its record could revive it.
          const record = ctx.refreshTokens.find(presented);
          kept = record;
          tryWrite('refresh token status', () => Object.assign(record ?? {}, { status: 'active' }));
          const grant = ctx.grants.get(record?.grantId ?? '');
          tryWrite('grant expiry', () => Object.assign(grant ?? {}, { expiresAt: Number.MAX_SAFE_INTEGER }));
          tryWrite('grant scope', () => (grant?.scope as string[] | undefined)?.push('admin'));
          tryWrite('client secret', () => Object.assign(ctx.client, { secret: undefined }));
          tryWrite('client scopes', () => (ctx.client.scopes as string[]).push('admin'));
          return body;
        },
      },
    });
    const first = (await codeFlow(server))['refresh_token'] as string;
    expect((await refresh(server, first)).status).toBe(200);
    expect(writes).toEqual([
      'refresh token status: TypeError',
      'grant expiry: TypeError',
      'grant scope: TypeError',
      'client secret: TypeError',
      'client scopes: TypeError',
    ]);
    const stored = server.refreshTokens.find(first);
    expect(stored?.status).toBe('consumed');
    const grant = server.grants.get(stored?.grantId ?? '');
    expect(grant?.scope).not.toContain('admin');
    expect(server.clients.get('lab-client')?.scopes).not.toContain('admin');
    // Presented again, the used token is a replay: the grant is revoked. The record the handler kept is a
    // copy of the moment it read it, not a live window on the store.
    expect((await refresh(server, first)).status).toBe(400);
    expect(server.refreshTokens.find(first)?.status).toBe('revoked');
    expect(kept?.status).toBe('consumed');
  });

  it("gets no way to run code inside later revocations, nor the stores' housekeeping", async () => {
    const { handler, seen } = recording();
    const server = await frozenServer({ grants: { refresh_token: handler } });
    await refresh(server, (await codeFlow(server))['refresh_token'] as string);
    const { grants, refreshTokens, codes } = seen();
    expect(Object.keys(grants).sort()).toEqual(['create', 'get', 'isActive', 'revoke', 'size']);
    expect(Object.keys(refreshTokens).sort()).toEqual([
      'consume',
      'find',
      'isActive',
      'issue',
      'revokeGrant',
      'size',
    ]);
    expect(Object.keys(codes).sort()).toEqual(['find', 'isExpired', 'redeem']);
  });
});
