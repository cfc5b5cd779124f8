import {
  createTokenServer,
  createVirtualClock,
  type TokenServer,
  type TokenServerOptions,
} from '../../../src/token-server';
import { refreshTokenGrant } from '../../support/refresh-token-grant';

export const LAB_CLIENT = { id: 'lab-client', secret: 'lab-client-secret' };
export const RESOURCE_SERVER = { id: 'resource-server', secret: 'resource-server-secret' };
export const PUBLIC_CLIENT = { id: 'lab-public-client' };
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

/**
 * A server on a frozen clock at 2026-01-01T00:00:00Z. These suites exercise refresh flows, so it gets the
 * test-support refresh grant (the server has none built in).
 */
export function frozenServer(options: TokenServerOptions = {}): Promise<TokenServer> {
  return createTokenServer({
    clock: createVirtualClock(),
    ...options,
    grants: { refresh_token: refreshTokenGrant, ...options.grants },
  });
}

export function basic(id: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${btoa(`${encode(id)}:${encode(secret)}`)}`;
}

/** POSTs a form to `url`, authenticated with Basic when `auth` is given. */
export function postForm(
  server: TokenServer,
  url: string,
  params: Record<string, string> | string,
  auth?: { id: string; secret: string },
  headers: Record<string, string> = {},
): Promise<Response> {
  const body = typeof params === 'string' ? params : new URLSearchParams(params).toString();
  return server.fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(auth ? { authorization: basic(auth.id, auth.secret) } : {}),
      ...headers,
    },
    body,
  });
}

export async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/** Runs the code flow through `/authorize` and the token endpoint; returns the token response body. */
export async function codeFlow(
  server: TokenServer,
  client: { id: string; secret?: string } = LAB_CLIENT,
  redirectUri = 'https://app.example.test/callback',
  extra: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const authorize = new URL(server.endpoints.authorize);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.id,
    redirect_uri: redirectUri,
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    state: 'xyz',
    ...extra,
  }).toString();
  const redirect = await server.fetch(authorize, { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error(`no code in ${redirect.headers.get('location')}`);
  const params = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: VERIFIER,
  };
  const response = client.secret
    ? await postForm(server, server.endpoints.token, params, { id: client.id, secret: client.secret })
    : await postForm(server, server.endpoints.token, { ...params, client_id: client.id });
  return json(response);
}

export async function refresh(
  server: TokenServer,
  refreshToken: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  return postForm(
    server,
    server.endpoints.token,
    { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra },
    LAB_CLIENT,
  );
}

export async function introspect(
  server: TokenServer,
  token: string,
  caller = RESOURCE_SERVER,
): Promise<Record<string, unknown>> {
  return json(await postForm(server, server.endpoints.introspect, { token }, caller));
}
