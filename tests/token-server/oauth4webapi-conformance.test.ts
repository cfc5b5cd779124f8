/**
 * Conformance: oauth4webapi, an independent, spec-strict OAuth 2 client (it validates metadata, token responses,
 * RFC 9207 `iss`, RFC 9068 access tokens), driven against the simulated server through `server.fetch`.
 */
import * as oauth from 'oauth4webapi';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTokenServer,
  disposeRunContext,
  labClock,
  resetRunContext,
  type TokenServer,
} from '../../src/check-api';
import { refreshTokenGrant } from '../support/refresh-token-grant';

let server: TokenServer;
let as: oauth.AuthorizationServer;
// oauth4webapi calls customFetch(url, { method, headers, body, redirect, signal }): a RequestInit.
const options = () => ({
  [oauth.customFetch]: (url: string, init: oauth.CustomFetchOptions<string, unknown>) =>
    server.fetch(url, init as RequestInit),
});

const confidential: oauth.Client = { client_id: 'lab-client' };
const secretBasic = oauth.ClientSecretBasic('lab-client-secret');
const secretPost = oauth.ClientSecretPost('lab-client-secret');
const resourceServer: oauth.Client = { client_id: 'resource-server' };
const resourceAuth = oauth.ClientSecretBasic('resource-server-secret');

// oauth4webapi reads Date.now(): the run context makes it the same virtual time the server uses.
beforeEach(async () => {
  resetRunContext();
  server = await createTokenServer({ grants: { refresh_token: refreshTokenGrant } });
  const issuer = new URL(server.issuer);
  as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { ...options(), algorithm: 'oauth2' }),
  );
});
afterEach(() => disposeRunContext());

async function codeFlow(client: oauth.Client, auth: oauth.ClientAuth, redirectUri: string) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint ?? '');
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'read write',
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  const redirect = await server.fetch(url, { redirect: 'manual' });
  const callback = new URL(redirect.headers.get('location') ?? '');
  const params = oauth.validateAuthResponse(as, client, callback, state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    auth,
    params,
    redirectUri,
    verifier,
    options(),
  );
  return oauth.processAuthorizationCodeResponse(as, client, response);
}

async function responseError(promise: Promise<unknown>): Promise<{ error: string; status: number }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(oauth.ResponseBodyError);
  const { error: code, status } = error as oauth.ResponseBodyError;
  return { error: code, status };
}

describe('oauth4webapi against the simulated server', () => {
  it('discovers the metadata', () => {
    expect(as.issuer).toBe('https://as.example.test');
    expect(as.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('runs the code flow with PKCE (client_secret_basic) and validates the RFC 9068 access token', async () => {
    const tokens = await codeFlow(confidential, secretBasic, 'https://app.example.test/callback');
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const request = new Request('https://api.example.test/orders', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    const claims = await oauth.validateJwtAccessToken(as, request, 'https://api.example.test', options());
    expect(claims).toMatchObject({ sub: 'user-alice', client_id: 'lab-client', scope: 'read write' });
  });

  it('runs the code flow for a public client (none)', async () => {
    const tokens = await codeFlow(
      { client_id: 'lab-public-client' },
      oauth.None(),
      'https://spa.example.test/callback',
    );
    expect(tokens.access_token).toEqual(expect.any(String));
  });

  it('gets client credentials tokens with client_secret_post', async () => {
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      confidential,
      secretPost,
      { scope: 'read' },
      options(),
    );
    const tokens = await oauth.processClientCredentialsResponse(as, confidential, response);
    expect(tokens.scope).toBe('read');
    expect(tokens.expires_in).toBe(900);
  });

  it('rotates refresh tokens and detects reuse', async () => {
    const first = await codeFlow(confidential, secretBasic, 'https://app.example.test/callback');
    const rotate = (token: string) =>
      oauth.refreshTokenGrantRequest(as, confidential, secretBasic, token, options());
    const second = await oauth.processRefreshTokenResponse(
      as,
      confidential,
      await rotate(first.refresh_token ?? ''),
    );
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const reuse = oauth.processRefreshTokenResponse(
      as,
      confidential,
      await rotate(first.refresh_token ?? ''),
    );
    expect(await responseError(reuse)).toEqual({ error: 'invalid_grant', status: 400 });
    const afterReuse = oauth.processRefreshTokenResponse(
      as,
      confidential,
      await rotate(second.refresh_token ?? ''),
    );
    expect(await responseError(afterReuse)).toEqual({ error: 'invalid_grant', status: 400 });
  });

  it('revokes a refresh token and sees it, and its access token, inactive in introspection', async () => {
    const tokens = await codeFlow(confidential, secretBasic, 'https://app.example.test/callback');
    const introspect = async (token: string, client = resourceServer, auth = resourceAuth) =>
      oauth.processIntrospectionResponse(
        as,
        client,
        await oauth.introspectionRequest(as, client, auth, token, options()),
      );
    expect(await introspect(tokens.access_token)).toMatchObject({
      active: true,
      sub: 'user-alice',
      token_type: 'Bearer',
    });
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, confidential, secretBasic, tokens.refresh_token ?? '', options()),
    );
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
    expect(await introspect(tokens.refresh_token ?? '', confidential, secretBasic)).toEqual({
      active: false,
    });
  });

  it('sees access tokens expire when the lab clock moves', async () => {
    const response = await oauth.clientCredentialsGrantRequest(as, confidential, secretBasic, {}, options());
    const tokens = await oauth.processClientCredentialsResponse(as, confidential, response);
    // oauth4webapi tolerates 30 s of skew by default.
    await labClock().advance(931);
    const request = new Request('https://api.example.test/', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    await expect(
      oauth.validateJwtAccessToken(as, request, 'https://api.example.test', options()),
    ).rejects.toMatchObject({
      code: oauth.JWT_TIMESTAMP_CHECK,
    });
  });

  it('reports a wrong Basic secret as a 401 Basic challenge, and a wrong post secret as invalid_client', async () => {
    const basic = await oauth.clientCredentialsGrantRequest(
      as,
      confidential,
      oauth.ClientSecretBasic('nope'),
      {},
      options(),
    );
    const challenge = await oauth
      .processClientCredentialsResponse(as, confidential, basic)
      .catch((e: unknown) => e);
    expect(challenge).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    expect((challenge as oauth.WWWAuthenticateChallengeError).status).toBe(401);
    expect((challenge as oauth.WWWAuthenticateChallengeError).cause[0]?.scheme).toBe('basic');
    const post = await oauth.clientCredentialsGrantRequest(
      as,
      confidential,
      oauth.ClientSecretPost('nope'),
      {},
      options(),
    );
    const failure = oauth.processClientCredentialsResponse(as, confidential, post);
    expect(await responseError(failure)).toEqual({ error: 'invalid_client', status: 401 });
  });
});
