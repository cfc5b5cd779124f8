import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TokenServer } from '../../src/token-server';
import {
  codeFlow,
  frozenServer,
  introspect,
  json,
  LAB_CLIENT,
  postForm,
  PUBLIC_CLIENT,
  refresh,
} from './support/token-requests';

let server: TokenServer;
beforeEach(async () => {
  server = await frozenServer();
});

const revoke = (
  params: Record<string, string>,
  auth: { id: string; secret: string } | undefined = LAB_CLIENT,
) => postForm(server, server.endpoints.revoke, params, auth);

describe('revocation endpoint (RFC 7009)', () => {
  it('revokes a refresh token and, with it, the access tokens of its grant (§2.1)', async () => {
    const body = await codeFlow(server);
    const response = await revoke({
      token: body['refresh_token'] as string,
      token_type_hint: 'refresh_token',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(await introspect(server, body['refresh_token'] as string, LAB_CLIENT)).toEqual({ active: false });
    expect(await introspect(server, body['access_token'] as string)).toEqual({ active: false });
    expect(await json(await refresh(server, body['refresh_token'] as string))).toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('revokes only the access token when given one', async () => {
    const body = await codeFlow(server);
    expect((await revoke({ token: body['access_token'] as string })).status).toBe(200);
    expect(await introspect(server, body['access_token'] as string)).toEqual({ active: false });
    expect((await refresh(server, body['refresh_token'] as string)).status).toBe(200);
  });

  it('searches every token type when the hint is wrong or unknown (§2.1)', async () => {
    const body = await codeFlow(server);
    expect(
      (await revoke({ token: body['refresh_token'] as string, token_type_hint: 'access_token' })).status,
    ).toBe(200);
    expect(await introspect(server, body['refresh_token'] as string, LAB_CLIENT)).toEqual({ active: false });
    const other = await codeFlow(server);
    expect((await revoke({ token: other['access_token'] as string, token_type_hint: 'bogus' })).status).toBe(
      200,
    );
    expect(await introspect(server, other['access_token'] as string)).toEqual({ active: false });
  });

  it('answers 200 for unknown, malformed and already revoked tokens (§2.2)', async () => {
    for (const token of ['rt_unknown', 'not.a.jwt', 'eyJhbGciOiJub25lIn0.e30.'])
      expect((await revoke({ token })).status).toBe(200);
  });

  it('answers invalid_request without token and invalid_client 401 without authentication', async () => {
    const missing = await revoke({});
    expect(missing.status).toBe(400);
    expect(await json(missing)).toMatchObject({ error: 'invalid_request' });
    const unauthenticated = await postForm(server, server.endpoints.revoke, { token: 'x' });
    expect(unauthenticated.status).toBe(401);
    expect(await json(unauthenticated)).toMatchObject({ error: 'invalid_client' });
  });

  it("refuses another client's token with invalid_grant and leaves it valid", async () => {
    const body = await codeFlow(server, PUBLIC_CLIENT, 'https://spa.example.test/callback');
    const response = await revoke({ token: body['refresh_token'] as string });
    expect(await json(response)).toMatchObject({ error: 'invalid_grant' });
    expect(await introspect(server, body['access_token'] as string)).toMatchObject({ active: true });
  });

  it('lets a public client revoke its own token with client_id only', async () => {
    const body = await codeFlow(server, PUBLIC_CLIENT, 'https://spa.example.test/callback');
    const response = await postForm(server, server.endpoints.revoke, {
      token: body['refresh_token'] as string,
      client_id: PUBLIC_CLIENT.id,
    });
    expect(response.status).toBe(200);
    expect(await introspect(server, body['access_token'] as string)).toEqual({ active: false });
  });
});

describe("the server's request log", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('shows the token of the form the endpoint read, without copying the request body', async () => {
    const body = await codeFlow(server);
    const refreshToken = body['refresh_token'] as string;
    // A copy of a body is a stream tee: milliseconds per request in a browser.
    const clone = vi.spyOn(Request.prototype, 'clone');
    await revoke({ token: refreshToken });
    expect(server.log.entries.at(-1)).toMatchObject({
      url: server.endpoints.revoke,
      status: 200,
      token: refreshToken,
    });
    expect(clone).not.toHaveBeenCalled();
  });

  it('shows no token for a body the endpoint refused unread', async () => {
    await postForm(server, server.endpoints.revoke, 'token=rt_unread', LAB_CLIENT, {
      'content-type': 'text/plain',
    });
    expect(server.log.entries.at(-1)).toMatchObject({ url: server.endpoints.revoke, status: 400 });
    expect(server.log.entries.at(-1)).not.toHaveProperty('token');
  });
});
