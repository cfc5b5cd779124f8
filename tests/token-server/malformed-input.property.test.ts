/**
 * Property-based robustness: every class of malformed input, at every endpoint, gets the status and error code
 * the RFCs prescribe. A 500 or `server_error` anywhere fails the property.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TokenServer } from '../../src/token-server';
import { basic, frozenServer, LAB_CLIENT, RESOURCE_SERVER } from './support/token-requests';

const RUNS = { numRuns: 100 };
let server: TokenServer;
let validAccessToken: string;

beforeAll(async () => {
  server = await frozenServer();
  validAccessToken = (await server.issueTokens({})).accessToken.token;
});

const TOKEN_ERRORS = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_target',
];
const POST_ENDPOINTS = () => [server.endpoints.token, server.endpoints.revoke, server.endpoints.introspect];
const ALL_ENDPOINTS = () => [
  ...POST_ENDPOINTS(),
  server.endpoints.metadata,
  server.endpoints.jwks,
  server.endpoints.authorize,
];

const headerText = fc
  .string({ unit: 'binary-ascii', maxLength: 300 })
  .map((s) => s.replace(/[^\x20-\x7e]/g, ''));
const b64url = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_='),
  maxLength: 120,
});
const jwtShaped = fc.tuple(b64url, b64url, b64url).map((parts) => parts.join('.'));
const tamperedValid = fc.tuple(fc.nat(), fc.constantFrom(...'AQgw_-')).map(([at, ch]) => {
  const i = at % validAccessToken.length;
  const swapped = validAccessToken[i] === ch ? 'B' : ch;
  return validAccessToken.slice(0, i) + swapped + validAccessToken.slice(i + 1);
});
const anyToken = fc.oneof(
  fc.string({ maxLength: 500 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  jwtShaped,
  tamperedValid,
);
const formBody = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc
    .dictionary(
      fc.constantFrom(
        'grant_type',
        'code',
        'refresh_token',
        'scope',
        'resource',
        'redirect_uri',
        'code_verifier',
        'client_id',
        'token',
        'token_type_hint',
        'x',
      ),
      fc.string({ maxLength: 80 }),
    )
    .map((d) => new URLSearchParams(d).toString()),
  fc
    .array(fc.tuple(fc.constantFrom('grant_type', 'scope', 'token'), fc.string({ maxLength: 20 })), {
      maxLength: 6,
    })
    .map((pairs) => new URLSearchParams(pairs).toString()),
);

function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return server.fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}

async function expectOAuthError(response: Response, statuses: number[], codes: string[]): Promise<void> {
  expect(statuses).toContain(response.status);
  const body = (await response.json()) as Record<string, unknown>;
  expect(codes).toContain(body['error']);
}

describe('malformed input (property-based)', () => {
  it('answers 405 with Allow to any method an endpoint does not serve', async () => {
    const method = fc.constantFrom(
      'PUT',
      'DELETE',
      'PATCH',
      'OPTIONS',
      'PROPFIND',
      'X-CUSTOM',
      'GET',
      'POST',
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ALL_ENDPOINTS()), method, async (url, verb) => {
        const allowed = POST_ENDPOINTS().includes(url)
          ? ['POST']
          : url === server.endpoints.authorize
            ? ['GET']
            : ['GET', 'HEAD'];
        fc.pre(!allowed.includes(verb));
        const response = await server.fetch(url, { method: verb });
        expect(response.status).toBe(405);
        expect(response.headers.get('allow')).toBe(allowed.join(', '));
      }),
      RUNS,
    );
  });

  it('answers 404 to any path that is not an endpoint', async () => {
    const known = new Set(ALL_ENDPOINTS().map((url) => new URL(url).pathname));
    await fc.assert(
      fc.asyncProperty(fc.webPath(), fc.constantFrom('GET', 'POST'), async (path, method) => {
        const url = new URL(`${server.issuer}${path}`);
        fc.pre(!known.has(url.pathname));
        expect((await server.fetch(url, { method })).status).toBe(404);
      }),
      RUNS,
    );
  });

  it('never fails at the token endpoint on arbitrary form bodies from an authenticated client', async () => {
    await fc.assert(
      fc.asyncProperty(formBody, async (body) => {
        const response = await post(server.endpoints.token, body, {
          authorization: basic(LAB_CLIENT.id, LAB_CLIENT.secret),
        });
        if (response.status === 200) return;
        await expectOAuthError(response, [400, 401], TOKEN_ERRORS);
      }),
      RUNS,
    );
  });

  it('answers invalid_grant to any unknown refresh token or authorization code', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('refresh_token', 'authorization_code'),
        anyToken.filter((t) => t !== ''),
        async (grantType, value) => {
          const params =
            grantType === 'refresh_token'
              ? { grant_type: grantType, refresh_token: value }
              : {
                  grant_type: grantType,
                  code: value,
                  redirect_uri: 'https://app.example.test/callback',
                  code_verifier: 'v'.repeat(43),
                };
          const response = await post(server.endpoints.token, new URLSearchParams(params).toString(), {
            authorization: basic(LAB_CLIENT.id, LAB_CLIENT.secret),
          });
          await expectOAuthError(response, [400], ['invalid_grant']);
        },
      ),
      RUNS,
    );
  });

  it('answers {"active":false} and nothing else to introspection of any malformed or tampered token', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyToken.filter((t) => t !== ''),
        async (token) => {
          const response = await post(
            server.endpoints.introspect,
            new URLSearchParams({ token }).toString(),
            { authorization: basic(RESOURCE_SERVER.id, RESOURCE_SERVER.secret) },
          );
          expect(response.status).toBe(200);
          expect(await response.json()).toEqual({ active: false });
        },
      ),
      RUNS,
    );
    const still = await post(server.endpoints.introspect, `token=${validAccessToken}`, {
      authorization: basic(RESOURCE_SERVER.id, RESOURCE_SERVER.secret),
    });
    expect(await still.json()).toMatchObject({ active: true });
  });

  it('answers 200 to revocation of any malformed token (RFC 7009 §2.2)', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyToken.filter((t) => t !== ''),
        fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
        async (token, hint) => {
          const params = new URLSearchParams({ token, ...(hint ? { token_type_hint: hint } : {}) });
          const response = await post(server.endpoints.revoke, params.toString(), {
            authorization: basic(LAB_CLIENT.id, LAB_CLIENT.secret),
          });
          expect(response.status).toBe(200);
        },
      ),
      RUNS,
    );
  });

  it('answers invalid_client 401 (or invalid_request 400 for conflicting methods) to malformed Authorization headers', async () => {
    const header = fc.oneof(
      headerText,
      headerText.map((t) => `Basic ${t}`),
      fc.string({ maxLength: 60 }).map((t) => `Basic ${btoa(unescape(encodeURIComponent(t)))}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POST_ENDPOINTS()), header, async (url, authorization) => {
        const response = await post(url, 'grant_type=client_credentials&token=x', { authorization });
        await expectOAuthError(response, [401], ['invalid_client']);
        if (/^basic /i.test(authorization.trim()) || response.headers.has('www-authenticate')) {
          expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
        }
      }),
      RUNS,
    );
  });

  it('answers invalid_request 400 to any content type other than form-urlencoded', async () => {
    const type = fc.oneof(
      fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x', ''),
      headerText,
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POST_ENDPOINTS()), type, async (url, contentType) => {
        fc.pre(contentType.split(';')[0]?.trim().toLowerCase() !== 'application/x-www-form-urlencoded');
        const response = await server.fetch(url, {
          method: 'POST',
          headers: { 'content-type': contentType, authorization: basic(LAB_CLIENT.id, LAB_CLIENT.secret) },
          body: 'token=x',
        });
        await expectOAuthError(response, [400], ['invalid_request']);
      }),
      RUNS,
    );
  });

  it('answers 413 to oversized bodies and 431 to oversized headers, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...POST_ENDPOINTS()),
        fc.integer({ min: 16_385, max: 200_000 }),
        fc.boolean(),
        async (url, size, inHeader) => {
          const response = inHeader
            ? await post(url, 'token=x', { 'x-padding': 'a'.repeat(size) })
            : await post(url, `token=${'a'.repeat(size)}`);
          await expectOAuthError(response, [inHeader ? 431 : 413], ['invalid_request']);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('never fails at the authorization endpoint on arbitrary query strings', async () => {
    const query = fc.dictionary(
      fc.constantFrom(
        'response_type',
        'client_id',
        'redirect_uri',
        'scope',
        'state',
        'code_challenge',
        'code_challenge_method',
        'login_hint',
        'resource',
      ),
      fc.oneof(
        fc.string({ maxLength: 60 }),
        fc.constantFrom(
          'code',
          'lab-client',
          'https://app.example.test/callback',
          'S256',
          'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const url = new URL(server.endpoints.authorize);
        url.search = new URLSearchParams(params).toString();
        const response = await server.fetch(url, { redirect: 'manual' });
        if (response.status === 302) {
          const location = new URL(response.headers.get('location') ?? '');
          expect(location.href.startsWith('https://app.example.test/callback')).toBe(true);
          expect(location.searchParams.get('error')).not.toBe('server_error');
          return;
        }
        await expectOAuthError(response, [400], ['invalid_request']);
      }),
      RUNS,
    );
  });
});
