import { describe, expect, it } from 'vitest';
import { createTokenServer, createSimulatedNetwork, createVirtualClock } from '../../src/token-server';
import { frozenServer, json } from './support/token-requests';

describe('metadata endpoint (RFC 8414)', () => {
  it('advertises the endpoints, methods and PKCE support', async () => {
    const server = await frozenServer();
    const response = await server.fetch('https://as.example.test/.well-known/oauth-authorization-server');
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      issuer: 'https://as.example.test',
      authorization_endpoint: 'https://as.example.test/authorize',
      token_endpoint: 'https://as.example.test/token',
      jwks_uri: 'https://as.example.test/.well-known/jwks.json',
      revocation_endpoint: 'https://as.example.test/revoke',
      introspection_endpoint: 'https://as.example.test/introspect',
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    });
  });

  it('inserts the well-known segment before an issuer path (§3.1)', async () => {
    const server = await frozenServer({ issuer: 'https://as.example.test/tenant-a' });
    const metadata = await json(
      await server.fetch('https://as.example.test/.well-known/oauth-authorization-server/tenant-a'),
    );
    expect(metadata).toMatchObject({
      issuer: 'https://as.example.test/tenant-a',
      token_endpoint: 'https://as.example.test/tenant-a/token',
    });
  });

  it('answers 405 with Allow for POST and 404 for unknown paths', async () => {
    const server = await frozenServer();
    const post = await server.fetch(server.endpoints.metadata, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await server.fetch('https://as.example.test/nope')).status).toBe(404);
  });

  it('answers HEAD without a body', async () => {
    const server = await frozenServer();
    const head = await server.fetch(server.endpoints.metadata, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('rejects a non-https issuer or one with a query when created', async () => {
    await expect(frozenServer({ issuer: 'http://as.example.test' })).rejects.toThrow(/https/);
    await expect(frozenServer({ issuer: 'https://as.example.test/?x=1' })).rejects.toThrow(/query/);
  });
});

describe('jwks endpoint', () => {
  it('serves the public signing keys with kid, alg and use', async () => {
    const server = await frozenServer({ algorithm: 'RS256' });
    const jwks = await json(await server.fetch(server.endpoints.jwks));
    expect(jwks).toEqual({
      keys: [
        expect.objectContaining({ kty: 'RSA', kid: server.keys.signingKey().kid, alg: 'RS256', use: 'sig' }),
      ],
    });
    expect(JSON.stringify(jwks)).not.toMatch(/"d"|"p"|"q"/);
  });

  it('shows rotation: a pre-published key, then both during overlap, then only the new one', async () => {
    const server = await frozenServer();
    const kids = async () =>
      ((await json(await server.fetch(server.endpoints.jwks)))['keys'] as { kid: string }[]).map(
        (k) => k.kid,
      );
    const first = server.keys.signingKey();
    const next = await server.keys.add();
    expect(await kids()).toEqual([first.kid, next.kid]);
    server.keys.promote(next.kid);
    const { accessToken } = await server.issueTokens({});
    expect(accessToken.kid).toBe(next.kid);
    server.keys.retire(first.kid);
    expect(await kids()).toEqual([next.kid]);
  });
});

describe('createTokenServer', () => {
  it('registers its origin on a given network and leaves it on close', async () => {
    const network = createSimulatedNetwork();
    const server = await createTokenServer({ clock: createVirtualClock(), network });
    const response = await network.fetch(server.endpoints.metadata);
    expect(response.status).toBe(200);
    server.close();
    expect(network.origins()).toEqual([]);
  });

  it('keeps its stores bounded: expired entries are pruned by the clock', async () => {
    const server = await frozenServer({ lifetimes: { accessToken: 60 } });
    for (let i = 0; i < 50; i++) await server.issueAccessToken({});
    expect(server.accessTokens.size).toBe(50);
    await server.clock.advance(61);
    await server.fetch(server.endpoints.metadata);
    expect(server.accessTokens.size).toBe(0);
  });

  it('explains invalid options', async () => {
    await expect(frozenServer({ clients: [{ id: '', scopes: [] }] })).rejects.toThrow();
    await expect(frozenServer({ algorithm: 'none' as never })).rejects.toThrow();
  });

  it('explains invalid options every time, also ones JSON would spell like valid ones', async () => {
    const valid = { lifetimes: { accessToken: 60 } };
    expect((await frozenServer(valid)).config.lifetimes.accessToken).toBe(60);
    // JSON drops a function and writes Infinity as null: neither may pass for the valid options above.
    const withFunction = { lifetimes: { accessToken: 60 }, defaultUser: (() => 'user-alice') as never };
    await expect(frozenServer(withFunction)).rejects.toThrow();
    await expect(frozenServer({ lifetimes: { accessToken: Infinity } })).rejects.toThrow();
    // A Date is written as its ISO text: it may not pass for that text, which is a valid defaultUser.
    const moment = new Date(0);
    expect((await frozenServer({ defaultUser: moment.toISOString() })).config.defaultUser).toBe(
      moment.toISOString(),
    );
    await expect(frozenServer({ defaultUser: moment as never })).rejects.toThrow();
    await expect(frozenServer({ clients: [{ id: '', scopes: [] }] })).rejects.toThrow();
  });

  it('gives servers made from the same options the same config, which none can change for another', async () => {
    const first = await frozenServer({ lifetimes: { accessToken: 60 } });
    const second = await frozenServer({ lifetimes: { accessToken: 60 } });
    expect(second.config).toEqual(first.config);
    expect(() => {
      (first.config.lifetimes as { accessToken: number }).accessToken = 1;
    }).toThrow(TypeError);
    expect(() => (first.config.clients as unknown[]).push({})).toThrow(TypeError);
    expect(second.config.lifetimes.accessToken).toBe(60);
    expect((await frozenServer({ lifetimes: { accessToken: 61 } })).config.lifetimes.accessToken).toBe(61);
  });
});
