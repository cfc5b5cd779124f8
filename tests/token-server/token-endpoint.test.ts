import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TokenServer } from '../../src/token-server';
import { basic, frozenServer, json, LAB_CLIENT, postForm, PUBLIC_CLIENT } from './support/token-requests';

let server: TokenServer;
beforeEach(async () => {
  server = await frozenServer();
});

const clientCredentials = (
  params: Record<string, string> = {},
  auth: { id: string; secret: string } | null = LAB_CLIENT,
) =>
  postForm(
    server,
    server.endpoints.token,
    { grant_type: 'client_credentials', ...params },
    auth ?? undefined,
  );

describe('token endpoint: client_credentials', () => {
  it('issues an RFC 9068 access token with no-store headers', async () => {
    const response = await clientCredentials({ scope: 'read' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = await json(response);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'read' });
    expect(body).not.toHaveProperty('refresh_token');
    const token = body['access_token'] as string;
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'ES256',
      kid: server.keys.signingKey().kid,
      typ: 'at+jwt',
    });
    const { payload } = await jwtVerify(token, createLocalJWKSet(server.keys.jwks()), {
      typ: 'at+jwt',
      currentDate: server.clock.now(),
    });
    expect(payload).toEqual({
      iss: 'https://as.example.test',
      sub: 'lab-client',
      aud: 'https://api.example.test',
      client_id: 'lab-client',
      scope: 'read',
      iat: 1767225600,
      exp: 1767225600 + 900,
      jti: expect.any(String),
    });
  });

  it('grants every allowed scope when none is requested (RFC 6749 §3.3)', async () => {
    expect(await json(await clientCredentials())).toMatchObject({ scope: 'read write' });
  });

  it('authenticates with client_secret_post too', async () => {
    const response = await clientCredentials(
      { client_id: LAB_CLIENT.id, client_secret: LAB_CLIENT.secret },
      null,
    );
    expect(response.status).toBe(200);
  });

  it.each(['RS256', 'PS256', 'Ed25519', 'HS256'] as const)(
    'signs with %s when configured',
    async (algorithm) => {
      server = await frozenServer({ algorithm });
      const token = (await json(await clientCredentials()))['access_token'] as string;
      expect(decodeProtectedHeader(token).alg).toBe(algorithm);
      const key = server.keys.signingKey().publicKey;
      await expect(jwtVerify(token, key, { currentDate: server.clock.now() })).resolves.toBeDefined();
    },
  );

  it('honours RFC 8707 resource indicators and refuses others with invalid_target', async () => {
    server = await frozenServer({
      clients: [
        {
          id: 'svc',
          secret: 's',
          scopes: ['read'],
          resources: ['https://billing.example.test', 'https://api.example.test'],
        },
      ],
    });
    const auth = { id: 'svc', secret: 's' };
    const ok = await json(
      await postForm(
        server,
        server.endpoints.token,
        'grant_type=client_credentials&resource=https%3A%2F%2Fbilling.example.test',
        auth,
      ),
    );
    const { payload } = await jwtVerify(ok['access_token'] as string, server.keys.signingKey().publicKey, {
      currentDate: server.clock.now(),
    });
    expect(payload.aud).toBe('https://billing.example.test');
    const bad = await postForm(
      server,
      server.endpoints.token,
      'grant_type=client_credentials&resource=https%3A%2F%2Fevil.example.test',
      auth,
    );
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ error: 'invalid_target' });
  });
});

describe('token endpoint: errors (RFC 6749 §5.2)', () => {
  async function expectError(response: Response, status: number, error: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await json(response);
    expect(body['error']).toBe(error);
    expect(body['error_description']).toMatch(/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/);
  }

  it('answers invalid_client 401 with WWW-Authenticate: Basic for a wrong Basic secret', async () => {
    const response = await clientCredentials({}, { id: LAB_CLIENT.id, secret: 'wrong' });
    await expectError(response, 401, 'invalid_client');
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('answers invalid_client 401 without a Basic challenge for a wrong client_secret_post', async () => {
    const response = await clientCredentials({ client_id: LAB_CLIENT.id, client_secret: 'wrong' }, null);
    await expectError(response, 401, 'invalid_client');
    expect(response.headers.get('www-authenticate')).toBeNull();
  });

  it('answers invalid_client for an unknown client and for no authentication at all', async () => {
    await expectError(await clientCredentials({}, { id: 'nobody', secret: 'x' }), 401, 'invalid_client');
    await expectError(await clientCredentials({}, null), 401, 'invalid_client');
  });

  it('answers invalid_client for a confidential client that only names itself', async () => {
    await expectError(await clientCredentials({ client_id: LAB_CLIENT.id }, null), 401, 'invalid_client');
  });

  it('answers invalid_request when two authentication methods are used', async () => {
    await expectError(await clientCredentials({ client_secret: LAB_CLIENT.secret }), 400, 'invalid_request');
  });

  it('answers invalid_client 401 for malformed Basic credentials', async () => {
    for (const header of ['Basic !!!', 'Basic ' + btoa('no-colon'), 'Basic ' + btoa('%zz:x'), 'Bearer abc']) {
      const response = await postForm(
        server,
        server.endpoints.token,
        { grant_type: 'client_credentials' },
        undefined,
        { authorization: header },
      );
      await expectError(response, 401, 'invalid_client');
    }
  });

  it('decodes form-urlencoded Basic credentials (RFC 6749 §2.3.1)', async () => {
    server = await frozenServer({ clients: [{ id: 'a b', secret: 'p:ss w+rd%', scopes: [] }] });
    const response = await postForm(
      server,
      server.endpoints.token,
      { grant_type: 'client_credentials' },
      undefined,
      {
        authorization: basic('a b', 'p:ss w+rd%'),
      },
    );
    expect(response.status).toBe(200);
  });

  it('answers invalid_request for a missing grant_type', async () => {
    await expectError(await postForm(server, server.endpoints.token, {}, LAB_CLIENT), 400, 'invalid_request');
  });

  it('answers unsupported_grant_type for an unknown grant_type', async () => {
    await expectError(await clientCredentials({ grant_type: 'password' }), 400, 'unsupported_grant_type');
    await expectError(await clientCredentials({ grant_type: 'constructor' }), 400, 'unsupported_grant_type');
  });

  it('answers unauthorized_client when the client may not use the grant', async () => {
    const response = await postForm(server, server.endpoints.token, {
      grant_type: 'client_credentials',
      client_id: PUBLIC_CLIENT.id,
    });
    await expectError(response, 400, 'unauthorized_client');
  });

  it('answers invalid_scope for a scope the client may not have or a malformed one', async () => {
    await expectError(await clientCredentials({ scope: 'admin' }), 400, 'invalid_scope');
    await expectError(await clientCredentials({ scope: 'read "quoted"' }), 400, 'invalid_scope');
  });

  it('answers invalid_request for a repeated parameter (RFC 6749 §3.2)', async () => {
    const response = await postForm(
      server,
      server.endpoints.token,
      'grant_type=client_credentials&scope=read&scope=write',
      LAB_CLIENT,
    );
    await expectError(response, 400, 'invalid_request');
  });

  it('treats an empty parameter as omitted (RFC 6749 §3.1)', async () => {
    const response = await postForm(
      server,
      server.endpoints.token,
      'grant_type=client_credentials&scope=',
      LAB_CLIENT,
    );
    expect(await json(response)).toMatchObject({ scope: 'read write' });
  });

  it('answers invalid_request when the body is not form-urlencoded', async () => {
    const response = await server.fetch(server.endpoints.token, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(LAB_CLIENT.id, LAB_CLIENT.secret) },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    await expectError(response, 400, 'invalid_request');
  });

  it('answers 405 with Allow: POST for other methods', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const response = await server.fetch(server.endpoints.token, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
  });

  it('answers 413 for a body over the limit, 414 for a long URL and 431 for huge headers', async () => {
    const big = await postForm(
      server,
      server.endpoints.token,
      `grant_type=client_credentials&x=${'a'.repeat(20_000)}`,
      LAB_CLIENT,
    );
    await expectError(big, 413, 'invalid_request');
    const longUrl = await server.fetch(`${server.endpoints.token}?${'q'.repeat(9000)}`, { method: 'POST' });
    expect(longUrl.status).toBe(414);
    const headers = await postForm(
      server,
      server.endpoints.token,
      'grant_type=client_credentials',
      LAB_CLIENT,
      { 'x-big': 'h'.repeat(20_000) },
    );
    expect(headers.status).toBe(431);
  });

  it('answers 500 server_error when a custom grant handler breaks its contract', async () => {
    server = await frozenServer({ grants: { client_credentials: () => ({ nope: true }) as never } });
    await expectError(await clientCredentials(), 500, 'server_error');
  });
});
