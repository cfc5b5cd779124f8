import { beforeEach, describe, expect, it } from 'vitest';
import type { TokenServer } from '../../src/token-server';
import {
  CHALLENGE,
  codeFlow,
  frozenServer,
  introspect,
  json,
  LAB_CLIENT,
  postForm,
  PUBLIC_CLIENT,
  VERIFIER,
} from './support/token-requests';

let server: TokenServer;
beforeEach(async () => {
  server = await frozenServer();
});

const REDIRECT = 'https://app.example.test/callback';

function authorize(params: Record<string, string>): Promise<Response> {
  const url = new URL(server.endpoints.authorize);
  url.search = new URLSearchParams(params).toString();
  return server.fetch(url, { redirect: 'manual' });
}

const valid = {
  response_type: 'code',
  client_id: LAB_CLIENT.id,
  redirect_uri: REDIRECT,
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
  state: 'af0ifjsldkj',
};

function redirectParams(response: Response): URLSearchParams {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
  return location.searchParams;
}

async function codeFor(params: Record<string, string> = {}): Promise<string> {
  return redirectParams(await authorize({ ...valid, ...params })).get('code') ?? '';
}

const exchange = (code: string, params: Record<string, string> = {}) =>
  postForm(
    server,
    server.endpoints.token,
    { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER, ...params },
    LAB_CLIENT,
  );

describe('authorize endpoint', () => {
  it('auto-approves and redirects with code, state and iss (RFC 9207)', async () => {
    const params = redirectParams(await authorize(valid));
    expect(params.get('code')).toMatch(/^code_/);
    expect(params.get('state')).toBe('af0ifjsldkj');
    expect(params.get('iss')).toBe('https://as.example.test');
  });

  it('never redirects to an unregistered redirect_uri or for an unknown client (RFC 6749 §4.1.2.1)', async () => {
    for (const bad of [
      { redirect_uri: 'https://evil.example.test/cb' },
      { redirect_uri: `${REDIRECT}/extra` },
      { client_id: 'nobody' },
    ]) {
      const response = await authorize({ ...valid, ...bad });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await json(response)).toMatchObject({ error: 'invalid_request' });
    }
  });

  it.each([
    [{ response_type: 'token' }, 'unsupported_response_type'],
    [{ response_type: '' }, 'invalid_request'],
    [{ code_challenge: '' }, 'invalid_request'],
    [{ code_challenge_method: 'plain' }, 'invalid_request'],
    [{ code_challenge: 'too-short' }, 'invalid_request'],
    [{ scope: 'admin' }, 'invalid_scope'],
    [{ login_hint: 'mallory' }, 'access_denied'],
    [{ resource: 'https://elsewhere.example.test' }, 'invalid_target'],
  ])('redirects %o with error %s and the state', async (override, error) => {
    const params = redirectParams(await authorize({ ...valid, ...override }));
    expect(params.get('error')).toBe(error);
    expect(params.get('state')).toBe('af0ifjsldkj');
    expect(params.get('code')).toBeNull();
  });

  it('redirects unauthorized_client for a client without the code grant', async () => {
    server = await frozenServer({
      clients: [{ id: 'm2m', secret: 's', grantTypes: ['client_credentials'], redirectUris: [REDIRECT] }],
    });
    expect(redirectParams(await authorize({ ...valid, client_id: 'm2m' })).get('error')).toBe(
      'unauthorized_client',
    );
  });

  it('approves as the user named by login_hint', async () => {
    const body = await codeFlow(server, LAB_CLIENT, REDIRECT, { login_hint: 'bob' });
    expect(await introspect(server, body['access_token'] as string)).toMatchObject({
      sub: 'user-bob',
      username: 'bob',
    });
  });

  it('refuses a repeated client_id without redirecting, and redirects invalid_request for other repeats', async () => {
    const url = new URL(server.endpoints.authorize);
    url.search = `${new URLSearchParams(valid).toString()}&client_id=lab-client`;
    const repeatedClient = await server.fetch(url, { redirect: 'manual' });
    expect(repeatedClient.status).toBe(400);
    url.search = `${new URLSearchParams(valid).toString()}&scope=read&scope=write`;
    expect(redirectParams(await server.fetch(url, { redirect: 'manual' })).get('error')).toBe(
      'invalid_request',
    );
  });

  it('uses the only registered redirect_uri when the request omits it', async () => {
    const { redirect_uri: _omitted, ...withoutRedirect } = valid;
    expect(redirectParams(await authorize(withoutRedirect)).get('code')).toMatch(/^code_/);
  });

  it('answers 405 for POST', async () => {
    const response = await server.fetch(server.endpoints.authorize, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});

describe('token endpoint: authorization_code with PKCE', () => {
  it('exchanges a code for an access token and a refresh token', async () => {
    const response = await exchange(await codeFor({ scope: 'read' }));
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({
      token_type: 'Bearer',
      scope: 'read',
      refresh_token: expect.stringMatching(/^rt_/),
    });
  });

  it('serves a public client that authenticates with none', async () => {
    const body = await codeFlow(server, PUBLIC_CLIENT, 'https://spa.example.test/callback');
    expect(body['access_token']).toEqual(expect.any(String));
  });

  it('rejects a wrong code_verifier with invalid_grant, and the code still works after', async () => {
    const code = await codeFor();
    const wrong = await exchange(code, { code_verifier: 'x'.repeat(43) });
    expect(wrong.status).toBe(400);
    expect(await json(wrong)).toMatchObject({ error: 'invalid_grant' });
    expect((await exchange(code)).status).toBe(200);
  });

  it('rejects a missing or malformed code_verifier with invalid_request', async () => {
    const code = await codeFor();
    expect(await json(await exchange(code, { code_verifier: '' }))).toMatchObject({
      error: 'invalid_request',
    });
    expect(await json(await exchange(code, { code_verifier: 'short' }))).toMatchObject({
      error: 'invalid_request',
    });
  });

  it('rejects a mismatched redirect_uri and an unknown code with invalid_grant', async () => {
    const code = await codeFor();
    expect(
      await json(await exchange(code, { redirect_uri: 'https://app.example.test/other' })),
    ).toMatchObject({ error: 'invalid_grant' });
    expect(await json(await exchange('code_unknown'))).toMatchObject({ error: 'invalid_grant' });
  });

  it('rejects an expired code', async () => {
    const code = await codeFor();
    await server.clock.advance(61);
    expect(await json(await exchange(code))).toMatchObject({ error: 'invalid_grant' });
  });

  it("rejects another client's code without burning it", async () => {
    server = await frozenServer({
      clients: [
        {
          id: 'lab-client',
          secret: 'lab-client-secret',
          grantTypes: ['authorization_code'],
          redirectUris: [REDIRECT],
          scopes: ['read'],
        },
        { id: 'other', secret: 'o', grantTypes: ['authorization_code'], redirectUris: [REDIRECT] },
      ],
    });
    const code = await codeFor();
    const stolen = await postForm(
      server,
      server.endpoints.token,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER },
      { id: 'other', secret: 'o' },
    );
    expect(await json(stolen)).toMatchObject({ error: 'invalid_grant' });
    expect((await exchange(code)).status).toBe(200);
  });

  it('revokes the tokens a code produced when the code is replayed (RFC 6749 §4.1.2)', async () => {
    const code = await codeFor();
    const first = await json(await exchange(code));
    const replay = await exchange(code);
    expect(await json(replay)).toMatchObject({ error: 'invalid_grant' });
    expect(await introspect(server, first['access_token'] as string)).toEqual({ active: false });
    expect(await introspect(server, first['refresh_token'] as string, LAB_CLIENT)).toEqual({ active: false });
  });

  it('lets exactly one of two concurrent exchanges of the same code succeed', async () => {
    const code = await codeFor();
    const statuses = (await Promise.all([exchange(code), exchange(code)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 400]);
  });
});
