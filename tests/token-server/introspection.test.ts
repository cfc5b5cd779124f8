import { beforeEach, describe, expect, it } from 'vitest';
import type { TokenServer } from '../../src/token-server';
import {
  codeFlow,
  frozenServer,
  introspect,
  json,
  LAB_CLIENT,
  postForm,
  PUBLIC_CLIENT,
  RESOURCE_SERVER,
} from './support/token-requests';

let server: TokenServer;
beforeEach(async () => {
  server = await frozenServer();
});

describe('introspection endpoint (RFC 7662)', () => {
  it('describes an active access token to the resource server it is meant for', async () => {
    const body = await codeFlow(server);
    const response = await postForm(
      server,
      server.endpoints.introspect,
      { token: body['access_token'] as string },
      RESOURCE_SERVER,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await json(response)).toEqual({
      active: true,
      scope: 'read write',
      client_id: 'lab-client',
      username: 'alice',
      token_type: 'Bearer',
      exp: 1767225600 + 900,
      iat: 1767225600,
      sub: 'user-alice',
      aud: 'https://api.example.test',
      iss: 'https://as.example.test',
      jti: expect.any(String),
    });
  });

  it('describes an active refresh token to the client that holds it', async () => {
    const body = await codeFlow(server);
    expect(await introspect(server, body['refresh_token'] as string, LAB_CLIENT)).toMatchObject({
      active: true,
      client_id: 'lab-client',
      sub: 'user-alice',
      scope: 'read write',
      exp: 1767225600 + 86_400,
    });
  });

  it('answers exactly {"active":false} for expired, revoked, unknown and forged tokens (§2.2)', async () => {
    const body = await codeFlow(server);
    const { accessToken } = await server.issueTokens({});
    server.accessTokens.revoke(accessToken.jti);
    const forged = `${(body['access_token'] as string).slice(0, -4)}AAAA`;
    for (const token of [accessToken.token, 'unknown', forged, 'a.b.c']) {
      expect(await introspect(server, token)).toEqual({ active: false });
    }
    await server.clock.advance(900);
    expect(await introspect(server, body['access_token'] as string)).toEqual({ active: false });
  });

  it('hides a token from a resource server it is not meant for (§4)', async () => {
    server = await frozenServer({
      clients: [
        { id: 'lab-client', secret: 'lab-client-secret', scopes: ['read'] },
        { id: 'billing', secret: 'b', grantTypes: [], audience: 'https://billing.example.test' },
      ],
    });
    const token = (
      await json(
        await postForm(server, server.endpoints.token, { grant_type: 'client_credentials' }, LAB_CLIENT),
      )
    )['access_token'] as string;
    expect(await introspect(server, token, { id: 'billing', secret: 'b' })).toEqual({ active: false });
    expect(await introspect(server, token, LAB_CLIENT)).toMatchObject({ active: true });
  });

  it('hides a refresh token from every client but its own', async () => {
    const body = await codeFlow(server);
    expect(await introspect(server, body['refresh_token'] as string, RESOURCE_SERVER)).toEqual({
      active: false,
    });
  });

  it('finds the token whatever token_type_hint says', async () => {
    const body = await codeFlow(server);
    const ask = async (token: string, hint: string) =>
      json(await postForm(server, server.endpoints.introspect, { token, token_type_hint: hint }, LAB_CLIENT));
    expect(await ask(body['access_token'] as string, 'refresh_token')).toMatchObject({ active: true });
    expect(await ask(body['refresh_token'] as string, 'access_token')).toMatchObject({ active: true });
  });

  it('stops recognising tokens signed with a retired key', async () => {
    const { accessToken } = await server.issueTokens({});
    const old = server.keys.signingKey().kid;
    await server.keys.rotate();
    expect(await introspect(server, accessToken.token)).toMatchObject({ active: true });
    server.keys.retire(old);
    expect(await introspect(server, accessToken.token)).toEqual({ active: false });
  });

  it('requires an authenticated confidential client: 401 invalid_client otherwise', async () => {
    for (const params of [{ token: 'x' }, { token: 'x', client_id: PUBLIC_CLIENT.id }]) {
      const response = await postForm(server, server.endpoints.introspect, params);
      expect(response.status).toBe(401);
      expect(await json(response)).toMatchObject({ error: 'invalid_client' });
    }
  });

  it('answers invalid_request without token', async () => {
    const response = await postForm(server, server.endpoints.introspect, {}, RESOURCE_SERVER);
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ error: 'invalid_request' });
  });
});
