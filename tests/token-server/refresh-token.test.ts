import { beforeEach, describe, expect, it } from 'vitest';
import type { GrantHandler, TokenServer } from '../../src/token-server';
import {
  codeFlow,
  frozenServer,
  introspect,
  json,
  LAB_CLIENT,
  postForm,
  refresh,
} from './support/token-requests';

let server: TokenServer;
beforeEach(async () => {
  server = await frozenServer();
});

async function tokens(): Promise<{ access: string; refresh: string }> {
  const body = await codeFlow(server);
  return { access: body['access_token'] as string, refresh: body['refresh_token'] as string };
}

describe('token endpoint: refresh_token with rotation (RFC 9700 §4.14.2)', () => {
  it('rotates: a new refresh token each time, the old one inactive', async () => {
    const first = await tokens();
    const response = await refresh(server, first.refresh);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await json(response);
    expect(body['refresh_token']).toEqual(expect.stringMatching(/^rt_/));
    expect(body['refresh_token']).not.toBe(first.refresh);
    expect(await introspect(server, first.refresh, LAB_CLIENT)).toEqual({ active: false });
    expect(await introspect(server, body['refresh_token'] as string, LAB_CLIENT)).toMatchObject({
      active: true,
    });
  });

  it('revokes the whole family when a rotated token is reused', async () => {
    const first = await tokens();
    const second = await json(await refresh(server, first.refresh));
    const reuse = await refresh(server, first.refresh);
    expect(reuse.status).toBe(400);
    expect(await json(reuse)).toMatchObject({ error: 'invalid_grant' });
    expect(await json(await refresh(server, second['refresh_token'] as string))).toMatchObject({
      error: 'invalid_grant',
    });
    expect(await introspect(server, second['access_token'] as string)).toEqual({ active: false });
    expect(await introspect(server, first.access)).toEqual({ active: false });
    expect(server.grants.get(server.refreshTokens.find(first.refresh)?.grantId ?? '')?.revokedBecause).toBe(
      'refresh_token_reuse',
    );
  });

  it('lets exactly one of two concurrent refreshes succeed; the loser counts as reuse', async () => {
    const first = await tokens();
    const [a, b] = await Promise.all([refresh(server, first.refresh), refresh(server, first.refresh)]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    const winner = await json(a.status === 200 ? a : b);
    expect(await introspect(server, winner['refresh_token'] as string, LAB_CLIENT)).toEqual({
      active: false,
    });
  });

  it('narrows scope on request and refuses widening with invalid_scope (RFC 6749 §6)', async () => {
    const first = await tokens();
    const narrowed = await json(await refresh(server, first.refresh, { scope: 'read' }));
    expect(narrowed).toMatchObject({ scope: 'read' });
    // The grant keeps its consented scope: a later refresh may ask for all of it again.
    const again = await json(await refresh(server, narrowed['refresh_token'] as string));
    expect(again).toMatchObject({ scope: 'read write' });
    const widened = await refresh(server, again['refresh_token'] as string, { scope: 'read admin' });
    expect(await json(widened)).toMatchObject({ error: 'invalid_scope' });
  });

  it("refuses another client's refresh token without consuming it", async () => {
    server = await frozenServer({
      clients: [
        {
          id: 'lab-client',
          secret: 'lab-client-secret',
          grantTypes: ['authorization_code', 'refresh_token'],
          redirectUris: ['https://app.example.test/callback'],
          scopes: ['read'],
        },
        { id: 'other', secret: 'o', grantTypes: ['refresh_token'] },
      ],
    });
    const first = await tokens();
    const stolen = await postForm(
      server,
      server.endpoints.token,
      { grant_type: 'refresh_token', refresh_token: first.refresh },
      { id: 'other', secret: 'o' },
    );
    expect(await json(stolen)).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(server, first.refresh)).status).toBe(200);
  });

  it('expires an idle refresh token, and the grant at its absolute lifetime even after rotations', async () => {
    server = await frozenServer({ lifetimes: { refreshToken: 3600, grant: 10_000 } });
    const idle = await tokens();
    await server.clock.advance(3600);
    expect(await json(await refresh(server, idle.refresh))).toMatchObject({ error: 'invalid_grant' });

    let current = (await tokens()).refresh;
    for (let i = 0; i < 3; i++) {
      await server.clock.advance(3000);
      current = (await json(await refresh(server, current)))['refresh_token'] as string;
    }
    await server.clock.advance(1000);
    expect(await json(await refresh(server, current))).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a resource outside the grant with invalid_target (RFC 8707 §2.2)', async () => {
    const first = await tokens();
    const response = await refresh(server, first.refresh, { resource: 'https://billing.example.test' });
    expect(await json(response)).toMatchObject({ error: 'invalid_target' });
  });

  it('answers invalid_request without refresh_token and invalid_grant for an unknown one', async () => {
    expect(await json(await refresh(server, ''))).toMatchObject({ error: 'invalid_request' });
    expect(await json(await refresh(server, 'rt_unknown'))).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('replaceable grant handlers', () => {
  it('plugs a custom refresh_token handler into the token endpoint', async () => {
    const seen: string[] = [];
    const noRotation: GrantHandler = async (ctx) => {
      const presented = ctx.params.get('refresh_token') ?? '';
      seen.push(ctx.client.id);
      const record = ctx.refreshTokens.find(presented);
      const grant = record && ctx.grants.get(record.grantId);
      if (!grant) throw ctx.oauthError('invalid_grant', 'unknown refresh token');
      const access = await ctx.issueAccessToken(grant);
      return {
        access_token: access.token,
        token_type: 'Bearer',
        expires_in: access.expiresIn,
        refresh_token: presented,
      };
    };
    server = await frozenServer({ grants: { refresh_token: noRotation } });
    const first = await tokens();
    const body = await json(await refresh(server, first.refresh));
    expect(body['refresh_token']).toBe(first.refresh);
    expect(seen).toEqual(['lab-client']);
  });

  it('surfaces OAuth errors thrown by a custom handler with their status', async () => {
    server = await frozenServer({
      grants: {
        refresh_token: (ctx) => {
          throw ctx.oauthError('invalid_grant', 'nope');
        },
      },
    });
    const response = await refresh(server, 'anything');
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ error: 'invalid_grant', error_description: 'nope' });
  });
});
