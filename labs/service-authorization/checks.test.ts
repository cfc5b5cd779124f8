import { beforeEach, describe, expect, it } from 'vitest';
import { SignJWT, base64url, decodeJwt, type JWTPayload } from 'jose';
import { createOrdersService } from '@lab/submission';
import {
  attackerHost,
  createTokenServer,
  evidence,
  expectStatus,
  labAttacker,
  labClock,
  labNetwork,
  loadSimulationKey,
  recordAttack,
  settle,
  type AttackId,
  type AttackToken,
  type LabAttacker,
  type SigningKey,
  type TokenServer,
} from '@lab/server';

const ORDERS = 'https://orders.example.test';
const BILLING = 'https://billing.example.test';
const GATEWAY = 'https://gateway.example.test';
const GATEWAY_KEYS = 'https://gateway-keys.example.test/jwks.json';
const SEPARATION = ['RFC 8725 §3.12', 'OWASP Microservices Security Cheat Sheet: identity propagation'];
/** A second deployment in the same program: its own audience, authorization server, gateway and key sets. */
const OTHER_AS = 'https://login.billing.example.test';
const OTHER_GATEWAY = 'https://gateway.billing.example.test';
const OTHER_KEYS = 'https://keys.billing.example.test';
/** Headers a proxy or gateway may use to name the user; anyone who reaches the service can send them too. */
const IDENTITY_HEADERS = [
  'x-user-sub',
  'x-user',
  'x-user-id',
  'x-sub',
  'x-subject',
  'x-forwarded-user',
  'x-forwarded-sub',
  'x-original-user',
  'x-auth-request-user',
  'x-authenticated-user',
  'x-remote-user',
  'remote-user',
  'x-end-user',
];
/** Headers and cookies some services read a token from. */
const TOKEN_HEADERS = [
  'x-access-token',
  'x-auth-token',
  'x-forwarded-access-token',
  'x-amzn-oidc-accesstoken',
];
const TOKEN_COOKIES = ['access_token', 'token', 'jwt', 'id_token', 'authorization'];
/** The largest clock tolerance the statement allows on exp. */
const MAX_LEEWAY = 60;
/** Lifetime of the internal tokens the simulated gateway mints. */
const INTERNAL_LIFETIME = 60;
/** The seed of the shuffled legitimate-traffic check (reported in its evidence and failure message). */
const SHUFFLE_SEED = 0x5eed_0a11;

type KeysAnswer = 'keys' | 'error' | 'malformed' | 'gone';

let server: TokenServer;
let kit: LabAttacker;
let gatewayKey: SigningKey;
/** An Ed25519 key the authorization server also publishes (for another kind of token): outside ES256. */
let asEd25519: Awaited<ReturnType<LabAttacker['attacker']['key']>>;
/** What each key set endpoint answers. */
let answers: { as: KeysAnswer; gateway: KeysAnswer };
let service: (request: Request) => Promise<Response>;

async function accessToken(scope: string[], audience: string = ORDERS): Promise<string> {
  return (await server.issueAccessToken({ sub: 'user-alice', scope, audience })).token;
}

/** A key to sign an internal token with, under the `alg` and `kid` its header names. */
type InternalKey = Pick<SigningKey, 'kid' | 'privateKey'> & { alg: string };

/** An internal token as the gateway mints it (Ed25519, typ internal+jwt, 60 s), after `changes`. */
function internalToken(
  scope: string,
  changes: { claims?: JWTPayload; audience?: string; omit?: string[]; key?: InternalKey } = {},
): Promise<string> {
  const iat = labClock().nowSeconds();
  const key = changes.key ?? gatewayKey;
  const claims: JWTPayload = {
    iss: GATEWAY,
    sub: 'user-alice',
    aud: changes.audience ?? ORDERS,
    client_id: 'lab-client',
    scope,
    iat,
    exp: iat + INTERNAL_LIFETIME,
    jti: crypto.randomUUID(),
    ...changes.claims,
  };
  for (const name of changes.omit ?? []) delete claims[name];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'internal+jwt' })
    .sign(key.privateKey);
}

/**
 * A request as a client sends it, every header included. A Request's own headers drop the names the Fetch
 * standard forbids scripts to set (`Cookie`, `Origin` …) in a browser but not in Node, so a token in a cookie
 * would reach the service in one runtime only; a standalone Headers keeps them in both.
 */
class ClientRequest extends Request {
  readonly #sent: Headers;
  constructor(url: string, method: string, sent: Headers) {
    super(url, { method, headers: sent });
    this.#sent = sent;
  }
  override get headers(): Headers {
    return this.#sent;
  }
}
Object.freeze(ClientRequest.prototype);
Object.freeze(ClientRequest);

function request(
  path: string,
  token?: string,
  method = 'GET',
  headers: Record<string, string> = {},
): Request {
  const sent = new Headers({
    ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    ...headers,
  });
  return new ClientRequest(`${ORDERS}${path}`, method, sent);
}

/** The status the service answered (or `thrown`/`not a Response`), for checks that tally many cases. */
async function statusOf(req: Request): Promise<number | string> {
  const outcome = await settle(() => service(req));
  if (!outcome.accepted) return 'thrown';
  const value = outcome.value as { status?: unknown } | null;
  return typeof value?.status === 'number' ? value.status : 'not a Response';
}

async function mint(id: AttackId, ...variants: string[]): Promise<AttackToken[]> {
  const tokens = await kit.mint(id);
  return variants.length === 0 ? tokens : tokens.filter((token) => variants.includes(token.variant));
}

function keysAnswer(which: KeysAnswer, keys: () => unknown): Response {
  if (which === 'error') return new Response('upstream unavailable', { status: 500 });
  if (which === 'malformed') return Response.json({ keys: 'rotating' });
  return Response.json(keys());
}

/** JSON with every object's members in name order, so two answers compare whatever order the code wrote. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_name, member: unknown) =>
    member !== null && typeof member === 'object' && !Array.isArray(member)
      ? Object.fromEntries(Object.entries(member).sort(([a], [b]) => a.localeCompare(b)))
      : member,
  );
}

/** A seeded Fisher–Yates shuffle (mulberry32), so a failing order can be replayed from its seed. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

beforeEach(async () => {
  server = await createTokenServer({ audience: ORDERS });
  kit = labAttacker(server, {
    audience: ORDERS,
    claims: { sub: 'user-alice', client_id: 'lab-client', scope: 'orders:read' },
  });
  asEd25519 = await kit.attacker.key('Ed25519', 'as-ed25519');
  gatewayKey = await loadSimulationKey('Ed25519');
  answers = { as: 'keys', gateway: 'keys' };
  server.close();
  labNetwork().register(server.issuer, (req) => {
    if (req.url !== server.endpoints.jwks) return server.fetch(req);
    if (answers.as === 'gone') return Promise.reject(new TypeError('fetch failed'));
    // The extra key is published without alg, as many key sets are, so only the verifier's allow-list stands
    // between it and an access token signed with it.
    const { alg: _alg, ...edJwk } = asEd25519.publicJwk;
    return keysAnswer(answers.as, () => ({ keys: [...server.keys.jwks().keys, edJwk] }));
  });
  // Published without alg, as many key sets are: only each profile's allow-list picks the algorithm.
  const { alg: _gatewayAlg, ...gatewayJwk } = gatewayKey.publicJwk ?? {};
  labNetwork().register(new URL(GATEWAY_KEYS).origin, async () => {
    if (answers.gateway === 'gone') throw new TypeError('fetch failed');
    return keysAnswer(answers.gateway, () => ({ keys: [gatewayJwk] }));
  });
  service = createOrdersService({
    audience: ORDERS,
    issuer: server.issuer,
    jwksUri: server.endpoints.jwks,
    gatewayIssuer: GATEWAY,
    gatewayJwksUri: GATEWAY_KEYS,
  });
});

describe('createOrdersService', () => {
  describe('external routes', () => {
    it('answers 200 to GET /orders with an orders:read token for this service', async () => {
      await expectStatus(async () => service(request('/orders', await accessToken(['orders:read']))), 200);
      const body = await settle(async () =>
        (await service(request('/orders', await accessToken(['orders:read'])))).json(),
      );
      expect(body).toEqual({ accepted: true, value: { sub: 'user-alice', orders: [] } });
    });

    it('answers 201 to POST /orders with an orders:write token, naming the caller', async () => {
      const token = await accessToken(['orders:write']);
      await expectStatus(async () => service(request('/orders', token, 'POST')), 201);
      const body = await settle(async () => (await service(request('/orders', token, 'POST'))).json());
      expect(body).toEqual({ accepted: true, value: { sub: 'user-alice', created: true } });
    });

    it('answers 401 with a Bearer challenge when there is no token', async () => {
      const token = await accessToken(['orders:read', 'orders:write']);
      evidence({
        token,
        clauses: ['RFC 6750 §2', 'RFC 6750 §3.1'],
        note: 'no Authorization: the token in the query, the body, cookies or other headers',
      });
      const cookie = TOKEN_COOKIES.map((name) => `${name}=${token}`).join('; ');
      const elsewhere = Object.fromEntries(TOKEN_HEADERS.map((name) => [name, token]));
      const cases: [string, Request][] = [
        ['GET /orders without a token', request('/orders')],
        ['POST /orders without a token', request('/orders', undefined, 'POST')],
        ['GET /internal/orders without a token', request('/internal/orders')],
        ['a token in the query', request(`/orders?access_token=${token}`)],
        [
          'a token in the form body',
          new Request(`${ORDERS}/orders`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ access_token: token }),
          }),
        ],
        ['a token in cookies', request('/orders', undefined, 'GET', { cookie })],
        [
          'an internal token in a cookie',
          request('/internal/orders', undefined, 'GET', {
            cookie: `access_token=${await internalToken('orders:read')}`,
          }),
        ],
        [`a token in ${TOKEN_HEADERS.join(', ')}`, request('/orders', undefined, 'GET', elsewhere)],
      ];
      for (const [label, req] of cases) {
        // RFC 6750 §3.1: a request without authentication gets no error code.
        const response = await expectStatus(async () => service(req), 401, { label, error: null });
        const { scheme, params } = response.challenge ?? { scheme: '', params: {} };
        expect({ label, scheme: scheme.toLowerCase(), realm: params['realm'] }).toEqual({
          label,
          scheme: 'bearer',
          realm: 'orders',
        });
      }
      await expectStatus(async () => service(request('/orders', token)), 200, {
        label: 'the token in the header',
      });
    });

    it('reads the bearer token as RFC 6750 §2.1 writes it, with a case-insensitive scheme', async () => {
      const token = await accessToken(['orders:read']);
      evidence({
        token,
        clauses: ['RFC 6750 §2.1', 'RFC 9110 §11.1'],
        note: 'scheme case and spacing, other white space after the scheme, junk around the token',
      });
      const shown = (authorization: string): string =>
        authorization
          .replace(token, '<token>')
          .replace(/\t/g, '<TAB>')
          .replace(/\u00a0/g, '<NBSP>');
      for (const authorization of [`bearer ${token}`, `BEARER ${token}`, `Bearer  ${token}`]) {
        const label = shown(authorization);
        await expectStatus(
          async () => service(request('/orders', undefined, 'GET', { authorization })),
          200,
          { label },
        );
      }
      for (const authorization of [
        `xBearer ${token}`,
        `Bearer ${token} x`,
        `Bearer ${token},`,
        `Bearer${token}`,
        `Bearer\t${token}`,
        `Bearer \t${token}`,
        `Bearer\u00a0${token}`,
        'Basic dXNlcjpwYXNz',
      ]) {
        const label = shown(authorization);
        await expectStatus(
          async () => service(request('/orders', undefined, 'GET', { authorization })),
          401,
          { label },
        );
      }
    });

    it('answers 401 invalid_token to a forged token', async () => {
      const forged = await kit.validToken({
        key: await kit.attacker.key('ES256', server.keys.signingKey().kid),
      });
      evidence({
        token: forged,
        clauses: ['RFC 7515 §5.2', 'OWASP ASVS 5.0 §9.1.1'],
        note: 'sent straight to the service, bypassing the gateway',
      });
      await expectStatus(async () => service(request('/orders', forged)), 401, { error: 'invalid_token' });
      await expectStatus(async () => service(request('/orders', await accessToken(['orders:read']))), 200, {
        label: 'a genuine token after the forged one',
      });
    });

    it('answers 401 to alg none, HMAC keyed with the public key, keys named by the token and algorithms off the allow-list', async () => {
      const offList: AttackToken[] = [];
      for (const alg of ['EdDSA', 'Ed25519'] as const) {
        const token = await kit.validToken({ key: { ...asEd25519, alg } as unknown as SigningKey });
        offList.push({
          attack: 'A4',
          variant: alg,
          token,
          clauses: ['RFC 8725 §3.1'],
          note: `${alg} under a key the issuer publishes`,
        } as unknown as AttackToken);
      }
      const tokens = [
        ...(await mint('A2')),
        ...(await mint('C2')),
        ...(await mint('A7')),
        ...(await mint('A8')),
        ...(await mint('A9')),
        ...offList,
      ];
      const accepted: string[] = [];
      for (const token of tokens) {
        recordAttack(token);
        const status = await statusOf(request('/orders', token.token));
        if (status !== 401) accepted.push(`${token.attack} ${token.variant}: ${String(status)}`);
      }
      expect(accepted).toEqual([]);
      expect(attackerHost().hits(), 'requests to a key URL the token named').toBe(0);
      await expectStatus(async () => service(request('/orders', await accessToken(['orders:read']))), 200, {
        label: 'a genuine token after the attacks',
      });
    });

    it('answers 401 invalid_token to a token issued for another service', async () => {
      const audiences = [
        BILLING,
        `${ORDERS}/`,
        `${ORDERS}.evil.test`,
        ORDERS.toUpperCase(),
        `${ORDERS}:443`,
        ORDERS.slice(0, -1),
      ];
      for (const audience of audiences) {
        const token = await accessToken(['orders:read'], audience);
        evidence({ token, clauses: ['RFC 8725 §3.9', 'RFC 9068 §4'], note: `aud ${audience}` });
        await expectStatus(async () => service(request('/orders', token)), 401, {
          error: 'invalid_token',
          label: `aud ${audience}`,
        });
      }
    });

    it('answers 401 invalid_token to a token without aud', async () => {
      const anywhere = await kit.validToken({ omitClaims: ['aud'] });
      evidence({
        token: anywhere,
        clauses: ['RFC 8725 §3.9'],
        note: 'issuer-signed token with no aud at all',
      });
      await expectStatus(async () => service(request('/orders', anywhere)), 401, { error: 'invalid_token' });
    });

    it('answers 401 invalid_token to a token whose iss only resembles the authorization server', async () => {
      const issuer = server.issuer;
      for (const iss of [`${issuer}/`, issuer.toUpperCase(), `${issuer}.evil.test`, GATEWAY]) {
        const token = await kit.validToken({ claims: { iss } });
        evidence({
          token,
          clauses: ['RFC 7519 §4.1.1', 'RFC 9068 §4'],
          note: `iss ${iss}, signed by the issuer key`,
        });
        await expectStatus(async () => service(request('/orders', token)), 401, {
          error: 'invalid_token',
          label: `iss ${iss}`,
        });
      }
      await expectStatus(async () => service(request('/orders', await kit.validToken())), 200, {
        label: 'the genuine issuer',
      });
    });

    it('answers 401 invalid_token to an ID token signed by the authorization server', async () => {
      const cases: [string, string][] = [
        ['an ID token (typ JWT)', await kit.validToken({ header: { typ: 'JWT' } })],
        ['a token without typ', await kit.validToken({ omitHeader: ['typ'] })],
      ];
      for (const [label, token] of cases) {
        evidence({ token, clauses: ['RFC 8725 §3.11', 'RFC 9068 §2.1'], note: `${label} for this audience` });
        await expectStatus(async () => service(request('/orders', token)), 401, {
          error: 'invalid_token',
          label,
        });
      }
    });

    it('answers 401 invalid_token to a token without a required claim, or with exp of the wrong type', async () => {
      const cases: [string, string, string][] = [];
      for (const claim of ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti']) {
        cases.push([
          `an access token without ${claim}`,
          '/orders',
          await kit.validToken({ omitClaims: [claim] }),
        ]);
      }
      cases.push([
        'an access token with a string exp',
        '/orders',
        await kit.validToken({ claims: { exp: String(labClock().nowSeconds() + 600) } }),
      ]);
      for (const claim of ['iss', 'exp', 'aud', 'sub', 'iat', 'jti']) {
        cases.push([
          `an internal token without ${claim}`,
          '/internal/orders',
          await internalToken('orders:read', { omit: [claim] }),
        ]);
      }
      for (const [label, path, token] of cases) {
        evidence({ token, clauses: ['RFC 9068 §2.2', 'RFC 7519 §7.2'], note: label });
        await expectStatus(async () => service(request(path, token)), 401, { error: 'invalid_token', label });
      }
      await expectStatus(async () => service(request('/orders', await kit.validToken())), 200, {
        label: 'a token with every claim',
      });
      await expectStatus(
        async () => service(request('/internal/orders', await internalToken('orders:read'))),
        200,
        {
          label: 'an internal token with every claim',
        },
      );
    });

    it('accepts a token until exp and refuses it beyond the 60 s tolerance', async () => {
      const external = await accessToken(['orders:read']);
      const internal = await internalToken('orders:read');
      await labClock().advance(INTERNAL_LIFETIME - 1);
      await expectStatus(async () => service(request('/internal/orders', internal)), 200, {
        label: 'an internal token 1 s before exp',
      });
      await labClock().advance(1 + MAX_LEEWAY + 1);
      evidence({
        token: internal,
        clauses: ['RFC 7519 §4.1.4'],
        note: `an internal token ${MAX_LEEWAY + 1} s past exp`,
      });
      await expectStatus(async () => service(request('/internal/orders', internal)), 401, {
        error: 'invalid_token',
        label: `an internal token ${MAX_LEEWAY + 1} s after exp`,
      });
      const lifetime = server.config.lifetimes.accessToken;
      await labClock().advance(lifetime - INTERNAL_LIFETIME - MAX_LEEWAY - 1 - 1);
      await expectStatus(async () => service(request('/orders', external)), 200, {
        label: 'an access token 1 s before exp',
      });
      await labClock().advance(1 + MAX_LEEWAY + 1);
      evidence({
        token: external,
        clauses: ['RFC 7519 §4.1.4'],
        note: `an access token ${MAX_LEEWAY + 1} s past exp`,
      });
      await expectStatus(async () => service(request('/orders', external)), 401, {
        error: 'invalid_token',
        label: `an access token ${MAX_LEEWAY + 1} s after exp`,
      });
      await expectStatus(async () => service(request('/orders', await accessToken(['orders:read']))), 200, {
        label: 'a fresh token',
      });
    });

    it('answers 403 insufficient_scope to a valid token without orders:read', async () => {
      const scopeless = await kit.validToken({ omitClaims: ['scope'] });
      await expectStatus(async () => service(request('/orders', scopeless)), 403, {
        error: 'insufficient_scope',
        label: 'no scope claim',
      });
      const others: [string, string][] = [
        ['scope as a JSON array', await kit.validToken({ claims: { scope: ['orders:read'] } })],
        [
          'no scope, orders:read in scp, scopes and permissions',
          await kit.validToken({
            omitClaims: ['scope'],
            claims: { scp: 'orders:read', scopes: ['orders:read'], permissions: ['orders:read'] },
          }),
        ],
        [
          'scope "profile", orders:read in scp, scopes and permissions',
          await kit.validToken({
            claims: {
              scope: 'profile',
              scp: ['orders:read'],
              scopes: 'orders:read',
              permissions: 'orders:read',
            },
          }),
        ],
      ];
      for (const [label, token] of others) {
        evidence({ token, clauses: ['RFC 9068 §2.2.3', 'RFC 9068 §4'], note: label });
        await expectStatus(async () => service(request('/orders', token)), 403, {
          error: 'insufficient_scope',
          label,
        });
      }
      const scopes: string[] = [
        'profile',
        'orders:write',
        'ORDERS:READ',
        'Orders:Read',
        'profile,orders:read',
        'orders',
        'orders:rea',
        'orders:readonly',
        'orders:*',
        '*',
        'admin',
        'orders:admin',
        'profile\torders:read',
        'profile\norders:read',
        'profile\r\norders:read',
        'profile \torders:read',
        '\torders:read',
        'orders:read\n',
        'profile\u00a0orders:read',
      ];
      for (const scope of scopes) {
        const token = await kit.validToken({ claims: { scope } });
        const shown = JSON.stringify(scope);
        evidence({
          token,
          clauses: ['RFC 9068 §4', 'RFC 6749 §3.3', 'RFC 6750 §3.1'],
          note: `scope ${shown}`,
        });
        await expectStatus(async () => service(request('/orders', token)), 403, {
          error: 'insufficient_scope',
          label: `scope ${shown}`,
        });
      }
      await expectStatus(
        async () => service(request('/orders', await accessToken(['profile', 'orders:read']))),
        200,
        { label: 'scope "profile orders:read"' },
      );
    });

    it('answers 403 insufficient_scope to POST /orders with a read-only token', async () => {
      for (const scope of [
        'orders:read',
        'ORDERS:WRITE',
        'orders:read,orders:write',
        'orders:read orders:*',
        'orders:read *',
        'orders:read admin',
        'orders:read\torders:write',
        'orders:read orders:write\n',
      ]) {
        const token = await kit.validToken({ claims: { scope } });
        const shown = JSON.stringify(scope);
        evidence({ token, clauses: ['RFC 9068 §4', 'RFC 6749 §3.3'], note: `POST with scope ${shown}` });
        await expectStatus(async () => service(request('/orders', token, 'POST')), 403, {
          error: 'insufficient_scope',
          label: `scope ${shown}`,
        });
      }
      await expectStatus(
        async () => service(request('/orders', await accessToken(['orders:read', 'orders:write']), 'POST')),
        201,
      );
    });

    it('does not take orders:read-archive for orders:read', async () => {
      const archive = await accessToken(['orders:read-archive']);
      evidence({
        token: archive,
        clauses: ['RFC 6749 §3.3'],
        note: 'scope orders:read-archive contains the text orders:read',
      });
      await expectStatus(async () => service(request('/orders', archive)), 403, {
        error: 'insufficient_scope',
      });
    });

    it('answers 401 to an internal token on an external route', async () => {
      const internal = await internalToken('orders:read orders:write');
      evidence({
        token: internal,
        clauses: SEPARATION,
        note: 'gateway internal token presented on a public route, after the internal route accepted it',
      });
      await expectStatus(async () => service(request('/internal/orders', internal)), 200, {
        label: 'the internal token on its own route',
      });
      await expectStatus(async () => service(request('/orders', internal)), 401, { label: 'GET' });
      await expectStatus(async () => service(request('/orders', internal, 'POST')), 401, { label: 'POST' });
    });

    it('answers the same status, headers and body whatever made a token invalid', async () => {
      const now = labClock().nowSeconds();
      const reasons: [string, string][] = [
        [
          'forged',
          await kit.validToken({ key: await kit.attacker.key('ES256', server.keys.signingKey().kid) }),
        ],
        ['another audience', await accessToken(['orders:read'], BILLING)],
        ['an ID token', await kit.validToken({ header: { typ: 'JWT' } })],
        ['no exp', await kit.validToken({ omitClaims: ['exp'] })],
        // Expired three days ago: beyond any clock tolerance, even a mistaken one of a day.
        [
          'expired',
          await kit.validToken({ claims: { iat: now - 3 * 86_400 - 3600, exp: now - 3 * 86_400 } }),
        ],
        ['alg none', (await mint('A2'))[0]?.token ?? ''],
        ['not a JWT', 'not.a.jwt'],
      ];
      const answers = new Map<string, string[]>();
      for (const [label, token] of reasons) {
        await expectStatus(async () => service(request('/orders', token)), 401, {
          error: 'invalid_token',
          label,
        });
        // The whole answer, body included: a body that names the failure is the same oracle as a header.
        const outcome = await settle(async () => {
          const answered = await service(request('/orders', token));
          return { response: answered, body: await answered.text() };
        });
        const value = outcome.accepted
          ? (outcome.value as {
              response?: { status?: unknown; statusText?: unknown; headers?: Record<string, unknown> };
              body?: unknown;
            })
          : {};
        const headers = Object.entries(value.response?.headers ?? {}).sort(([a], [b]) => a.localeCompare(b));
        const answer = outcome.accepted
          ? `${String(value.response?.status)} ${JSON.stringify(value.response?.statusText)} ${JSON.stringify(headers)} ${JSON.stringify(value.body)}`
          : 'a throw';
        answers.set(answer, [...(answers.get(answer) ?? []), label]);
      }
      evidence({
        clauses: ['RFC 6750 §3.1', 'RFC 8725 §2.8'],
        note: `${reasons.length} different failures must not be told apart by the answer, headers or body`,
      });
      const distinct = [...answers].map(([answer, labels]) => `${labels.join(', ')}: ${answer}`);
      expect(distinct.length, `invalid tokens were answered differently: ${distinct.join(' | ')}`).toBe(1);
    });
  });

  describe('internal routes', () => {
    it('answers 200 to an internal token minted for this service', async () => {
      await expectStatus(
        async () => service(request('/internal/orders', await internalToken('orders:read'))),
        200,
      );
      const bob = await internalToken('orders:read', { claims: { sub: 'user-bob' } });
      const body = await settle(async () => (await service(request('/internal/orders', bob))).json());
      expect(body).toEqual({ accepted: true, value: { sub: 'user-bob', orders: [] } });
    });

    it('answers 401 to an external access token on an internal route', async () => {
      const external = await accessToken(['orders:read']);
      evidence({
        token: external,
        clauses: SEPARATION,
        note: 'external access token presented on an internal route, after an external route accepted it',
      });
      await expectStatus(async () => service(request('/orders', external)), 200, {
        label: 'the access token on its own route',
      });
      await expectStatus(async () => service(request('/internal/orders', external)), 401, {
        label: 'the access token on GET /internal/orders',
      });
    });

    it('answers 401 to an internal token minted for another service', async () => {
      const forBilling = await internalToken('orders:read', { audience: BILLING });
      evidence({
        token: forBilling,
        clauses: ['RFC 8725 §3.9', ...SEPARATION],
        note: 'internal token for billing replayed to orders',
      });
      await expectStatus(async () => service(request('/internal/orders', forBilling)), 401);
    });

    it('answers 401 to an internal-typed token signed by the authorization server', async () => {
      const confused = await kit.validToken({ header: { typ: 'internal+jwt' }, claims: { iss: GATEWAY } });
      evidence({
        token: confused,
        clauses: ['RFC 8725 §3.8', ...SEPARATION],
        note: 'typ internal+jwt, iss gateway, signed with the AS key',
      });
      await expectStatus(async () => service(request('/internal/orders', confused)), 401);
      await expectStatus(
        async () => service(request('/internal/orders', await internalToken('orders:read'))),
        200,
        { label: 'a genuine internal token' },
      );
    });

    it('answers 401 to an internal token in another algorithm than Ed25519, even under the gateway key', async () => {
      const genuine = await internalToken('orders:read');
      const claims = decodeJwt(genuine);
      const [, payload] = genuine.split('.');
      const { alg: _alg, ...published } = gatewayKey.publicJwk ?? {};
      const publicKeyBytes = new TextEncoder().encode(JSON.stringify(published));
      const cases: [string, string][] = [
        // The gateway's key set names no alg, so only the allow-list refuses the deprecated EdDSA identifier.
        [
          'EdDSA, signed with the gateway key',
          await internalToken('orders:read', {
            key: { ...gatewayKey, alg: 'EdDSA' },
          }),
        ],
        [
          'alg none',
          `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'internal+jwt' }))}.${String(payload)}.`,
        ],
        [
          "HS256 keyed with the gateway's public JWK",
          await new SignJWT(claims)
            .setProtectedHeader({ alg: 'HS256', kid: gatewayKey.kid, typ: 'internal+jwt' })
            .sign(publicKeyBytes),
        ],
      ];
      for (const [label, token] of cases) {
        evidence({ token, clauses: ['RFC 8725 §3.1'], note: `internal token: ${label}` });
        await expectStatus(async () => service(request('/internal/orders', token)), 401, { label });
      }
      await expectStatus(async () => service(request('/internal/orders', genuine)), 200, {
        label: 'a genuine internal token after the attacks',
      });
    });

    it('answers 401 to an internal token whose iss is not exactly the gateway', async () => {
      for (const iss of [server.issuer, `${GATEWAY}/`, GATEWAY.toUpperCase(), `${GATEWAY}.evil.test`]) {
        const token = await internalToken('orders:read', { claims: { iss } });
        evidence({
          token,
          clauses: ['RFC 7519 §4.1.1', ...SEPARATION],
          note: `internal token with iss ${iss}, gateway key`,
        });
        await expectStatus(async () => service(request('/internal/orders', token)), 401, {
          label: `iss ${iss}`,
        });
      }
    });

    it('answers 403 insufficient_scope to an internal token without orders:read', async () => {
      const cases: [string, string][] = [];
      for (const scope of [
        'profile',
        'orders:write',
        'ORDERS:READ',
        'profile,orders:read',
        'orders:*',
        'admin',
        'profile\torders:read',
        'orders:read\n',
      ]) {
        cases.push([`scope ${JSON.stringify(scope)}`, await internalToken(scope)]);
      }
      cases.push([
        'no scope, orders:read in scp',
        await internalToken('', { omit: ['scope'], claims: { scp: 'orders:read' } }),
      ]);
      for (const [label, token] of cases) {
        evidence({
          token,
          clauses: ['OWASP Microservices Security Cheat Sheet: service-level authorization', 'RFC 6750 §3.1'],
          note: `internal token with ${label}`,
        });
        await expectStatus(async () => service(request('/internal/orders', token)), 403, {
          error: 'insufficient_scope',
          label,
        });
      }
      await expectStatus(
        async () => service(request('/internal/orders', await internalToken('profile orders:read'))),
        200,
        { label: 'scope "profile orders:read"' },
      );
    });
  });

  describe('routing', () => {
    it('answers 404 to any other path or method, whatever the token', async () => {
      const token = await accessToken(['orders:read', 'orders:write']);
      const internal = await internalToken('orders:read');
      const cases: [string, string, string][] = [
        ['GET', '/x/orders', token],
        ['GET', '/internal/x/orders', token],
        ['GET', '/orders/', token],
        ['GET', '/Orders', token],
        ['GET', '/%6Frders', token],
        ['GET', '/orders.json', token],
        ['GET', '/internal/orders/', internal],
        ['POST', '/internal/orders', internal],
      ];
      // Every other method on both paths: HEAD is not GET here, and QUERY is as safe as GET but still another method.
      for (const method of ['HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE', 'QUERY']) {
        cases.push([method, '/orders', token], [method, '/internal/orders', internal]);
      }
      evidence({
        token,
        note: 'look-alike paths, and every other method on both paths, with tokens that pass',
      });
      for (const [method, path, bearer] of cases) {
        await expectStatus(async () => service(request(path, bearer, method)), 404, {
          label: `${method} ${path}`,
        });
      }
    });
  });

  describe('identity', () => {
    it('names the caller from the verified token only, never from an identity header', async () => {
      const claimed = Object.fromEntries(IDENTITY_HEADERS.map((name) => [name, 'user-mallory']));
      const bob = { sub: 'user-bob' };
      const cases: [string, Request, number, unknown][] = [
        [
          'GET /orders',
          request('/orders', await kit.validToken({ claims: bob }), 'GET', claimed),
          200,
          { sub: 'user-bob', orders: [] },
        ],
        [
          'POST /orders',
          request(
            '/orders',
            await kit.validToken({ claims: { ...bob, scope: 'orders:read orders:write' } }),
            'POST',
            claimed,
          ),
          201,
          { sub: 'user-bob', created: true },
        ],
        [
          'GET /internal/orders',
          request('/internal/orders', await internalToken('orders:read', { claims: bob }), 'GET', claimed),
          200,
          { sub: 'user-bob', orders: [] },
        ],
        ['GET /orders without a token', request('/orders', undefined, 'GET', claimed), 401, undefined],
        ['POST /orders without a token', request('/orders', undefined, 'POST', claimed), 401, undefined],
        [
          'GET /internal/orders without a token',
          request('/internal/orders', undefined, 'GET', claimed),
          401,
          undefined,
        ],
      ];
      evidence({
        clauses: ['OWASP Microservices Security Cheat Sheet: identity propagation'],
        note: `every request also carries ${IDENTITY_HEADERS.join(', ')}: user-mallory`,
      });
      const wrong: string[] = [];
      for (const [label, req, status, body] of cases) {
        const outcome = await settle(async () => {
          const answered = await service(req);
          return { response: answered, body: answered.status < 300 ? await answered.json() : undefined };
        });
        const value = outcome.accepted
          ? (outcome.value as { response?: { status?: unknown }; body?: unknown })
          : { response: { status: 'a throw' } };
        const got = canonical({ status: value.response?.status, body: value.body });
        const want = canonical({ status, body });
        if (got !== want) wrong.push(`${label}: ${got} instead of ${want}`);
      }
      expect(wrong.length, `requests carrying identity headers: ${wrong.join(' | ')}`).toBe(0);
    });
  });

  describe('key sets', () => {
    it('answers 503 while a key set cannot be fetched, and runs no route', async () => {
      const external = await accessToken(['orders:read', 'orders:write']);
      const forged = await kit.validToken({
        key: await kit.attacker.key('ES256', server.keys.signingKey().kid),
      });
      const internal = await internalToken('orders:read');
      evidence({
        token: forged,
        clauses: ['RFC 7519 §7.2', 'RFC 6750 §3.1'],
        note: 'key sets answering 500, then gone',
      });
      for (const failure of ['error', 'gone'] as const) {
        answers = { as: failure, gateway: failure };
        await expectStatus(async () => service(request('/orders', external)), 503, {
          label: `GET /orders, AS keys ${failure}`,
        });
        await expectStatus(async () => service(request('/orders', forged)), 503, {
          label: `a forged token, AS keys ${failure}`,
        });
        await expectStatus(async () => service(request('/orders', external, 'POST')), 503, {
          label: `POST /orders, AS keys ${failure}`,
        });
        await expectStatus(async () => service(request('/internal/orders', internal)), 503, {
          label: `GET /internal/orders, gateway keys ${failure}`,
        });
      }
      answers = { as: 'keys', gateway: 'keys' };
      await expectStatus(async () => service(request('/orders', external)), 200, {
        label: 'once the key sets are back',
      });
      await expectStatus(async () => service(request('/internal/orders', internal)), 200, {
        label: 'internal, once the key sets are back',
      });
    });

    it('keeps to its own options when another service runs beside it', async () => {
      // This service answers first, so whatever it keeps beyond its own closure exists before the other is built.
      const ours = await accessToken(['orders:read']);
      const oursInternal = await internalToken('orders:read');
      await expectStatus(async () => service(request('/orders', ours)), 200, {
        label: 'this service, GET /orders',
      });
      await expectStatus(async () => service(request('/internal/orders', oursInternal)), 200, {
        label: 'this service, GET /internal/orders',
      });
      // The billing deployment: another audience, authorization server and gateway, each with its own key.
      const theirAs = await kit.attacker.key('ES256');
      const theirGateway = await kit.attacker.key('Ed25519');
      labNetwork().register(OTHER_KEYS, (req) =>
        Response.json({
          keys: [new URL(req.url).pathname === '/as.json' ? theirAs.publicJwk : theirGateway.publicJwk],
        }),
      );
      const billing = createOrdersService({
        audience: BILLING,
        issuer: OTHER_AS,
        jwksUri: `${OTHER_KEYS}/as.json`,
        gatewayIssuer: OTHER_GATEWAY,
        gatewayJwksUri: `${OTHER_KEYS}/gateway.json`,
      });
      const theirs = { iss: OTHER_AS, aud: BILLING };
      const theirsInternal = { audience: BILLING, claims: { iss: OTHER_GATEWAY } };
      const cases: [string, (req: Request) => Promise<Response>, Request, number][] = [
        [
          'billing: its own access token',
          billing,
          request('/orders', await kit.validToken({ key: theirAs, claims: theirs })),
          200,
        ],
        [
          'billing: its own internal token',
          billing,
          request(
            '/internal/orders',
            await internalToken('orders:read', { ...theirsInternal, key: theirGateway }),
          ),
          200,
        ],
        ['billing: the access token orders accepted', billing, request('/orders', ours), 401],
        [
          'billing: the internal token orders accepted',
          billing,
          request('/internal/orders', oursInternal),
          401,
        ],
        [
          "billing: its claims under orders' authorization server key",
          billing,
          request('/orders', await kit.validToken({ claims: theirs })),
          401,
        ],
        [
          "billing: its claims under orders' gateway key",
          billing,
          request('/internal/orders', await internalToken('orders:read', theirsInternal)),
          401,
        ],
        [
          "orders: its claims under billing's authorization server key",
          service,
          request('/orders', await kit.validToken({ key: theirAs })),
          401,
        ],
        [
          "orders: its claims under billing's gateway key",
          service,
          request('/internal/orders', await internalToken('orders:read', { key: theirGateway })),
          401,
        ],
        [
          'orders: its own access token, still',
          service,
          request('/orders', await accessToken(['orders:read'])),
          200,
        ],
        [
          'orders: its own internal token, still',
          service,
          request('/internal/orders', await internalToken('orders:read')),
          200,
        ],
      ];
      evidence({
        clauses: ['RFC 8725 §3.8', 'RFC 8725 §3.9'],
        note: 'a second service with its own audience, issuers and key sets, built after the first has answered',
      });
      for (const [label, handler, req, status] of cases) {
        await expectStatus(async () => handler(req), status, { label });
      }
    });

    it('refuses when a key set answer is not a key set', async () => {
      const external = await accessToken(['orders:read']);
      const internal = await internalToken('orders:read');
      answers = { as: 'malformed', gateway: 'malformed' };
      const outcomes = [
        await statusOf(request('/orders', external)),
        await statusOf(request('/internal/orders', internal)),
      ].map((status) => (status === 401 || status === 503 ? 'refused' : String(status)));
      evidence({
        clauses: ['RFC 7517 §5', 'RFC 7519 §7.2'],
        note: 'both key sets answer {"keys":"rotating"}',
      });
      expect(outcomes).toEqual(['refused', 'refused']);
    });
  });

  describe('legitimate traffic', () => {
    it('serves genuine requests after attacks and mixed among them in a shuffled order', async () => {
      const cases: [string, Request, number][] = [
        ['GET /orders', request('/orders', await accessToken(['orders:read'])), 200],
        ['POST /orders', request('/orders', await accessToken(['orders:write']), 'POST'), 201],
        ['GET /internal/orders', request('/internal/orders', await internalToken('orders:read')), 200],
        [
          'forged',
          request(
            '/orders',
            await kit.validToken({ key: await kit.attacker.key('ES256', server.keys.signingKey().kid) }),
          ),
          401,
        ],
        ['billing audience', request('/orders', await accessToken(['orders:read'], BILLING)), 401],
        ['internal on external', request('/orders', await internalToken('orders:read')), 401],
        ['external on internal', request('/internal/orders', await accessToken(['orders:read'])), 401],
        ['write-only GET', request('/orders', await accessToken(['orders:write'])), 403],
        ['GET /orders again', request('/orders', await accessToken(['orders:read', 'orders:write'])), 200],
      ];
      const wrong: string[] = [];
      for (const [label, req, expected] of shuffle(cases, SHUFFLE_SEED)) {
        const status = await statusOf(req);
        if (status !== expected) wrong.push(`${label}: ${String(status)} instead of ${expected}`);
      }
      evidence({
        clauses: ['RFC 7519 §7.2'],
        note: `genuine and attack requests shuffled with seed ${SHUFFLE_SEED}`,
      });
      expect(wrong, `shuffle seed ${SHUFFLE_SEED}`).toEqual([]);
    });
  });
});
