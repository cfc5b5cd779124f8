import { beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeJwt } from 'jose';
import { requireBearerToken } from '@lab/submission';
import {
  createTokenServer,
  evidence,
  expectStatus,
  forLearner,
  labAttacker,
  labClock,
  labNetwork,
  recordAttack,
  settle,
  snapshot,
  type AttackToken,
  type LabAttacker,
  type ResponseSnapshot,
  type TokenServer,
} from '@lab/server';

const API = 'https://orders.example.test';
const ROUTE = `${API}/orders/42`;
const REQUIRED_SCOPE = 'orders:read';
/** Where the key set lives in the outage check: an origin that never answers with a key set. */
const BROKEN_JWKS = 'https://keys-down.example.test/.well-known/jwks.json';
/** A key set on an origin nobody serves: fetch rejects with a TypeError, as for a host that is down. */
const GONE_JWKS = 'https://keys-gone.example.test/.well-known/jwks.json';
/** Another API of the same issuer, for the checks that share one verification between two middlewares. */
const OTHER_API = 'https://billing.example.test';

let as: TokenServer;
let kit: LabAttacker;
let route: ReturnType<typeof vi.fn>;
let handle: (request: Request) => Promise<Response>;

/** RFC 9110 §11.6.1: `Bearer` then a comma-separated list of `name="value"` parameters (or nothing). */
const WELL_FORMED_CHALLENGE = /^bearer(?: +[a-z_]+="[^"]*"(?: *, *[a-z_]+="[^"]*")*)?$/i;

interface Answer extends ResponseSnapshot {
  /** The body, read with the platform's own `Response.prototype.text`. */
  body: string;
}

/**
 * The middleware's answer to `incoming`: a genuine Response with `status` (and the challenge's `error`), as plain
 * data, with its body. A WWW-Authenticate header, when there is one, must be a well-formed Bearer challenge.
 */
async function answer(
  incoming: Request,
  status: number,
  options: { error?: string | null; label?: string } = {},
): Promise<Answer> {
  let raw: unknown;
  const response = await expectStatus(async () => (raw = await handle(incoming)), status, options);
  const body = await Response.prototype.text.call(raw as Response);
  const header = response.headers['www-authenticate'];
  if (header !== undefined)
    expect(
      { label: options.label, challenge: WELL_FORMED_CHALLENGE.test(header) ? 'well formed' : header },
      'WWW-Authenticate: Bearer, then name="value" parameters separated by commas (RFC 9110 §11.6.1)',
    ).toEqual({ label: options.label, challenge: 'well formed' });
  return { ...response, body };
}

function request(authorization?: string): Request {
  return new Request(ROUTE, authorization === undefined ? {} : { headers: { authorization } });
}

/**
 * A request as a client sends it, any header included. A browser's `new Request(url, { headers })` silently drops
 * forbidden names (Cookie, Proxy-Authorization, …) while Node keeps them, so the headers live in a standalone
 * `Headers` the request hands out: every runtime sees the same request.
 */
class ClientRequest extends Request {
  readonly #sent: Headers;
  constructor(url: string, sent: Headers) {
    super(url, { headers: sent });
    this.#sent = sent;
  }
  override get headers(): Headers {
    return this.#sent;
  }
}
Object.freeze(ClientRequest.prototype);
Object.freeze(ClientRequest);

async function tokenWithScope(scope: string[]): Promise<string> {
  return (await as.issueAccessToken({ sub: 'user-alice', audience: API, scope })).token;
}

/** The positive control: a good token reaches the route. */
async function expectGoodTokenAdmitted(): Promise<void> {
  await answer(request(`Bearer ${await tokenWithScope(['profile', REQUIRED_SCOPE])}`), 200, {
    label: 'a valid token with the scope',
  });
  expect(route).toHaveBeenCalledTimes(1);
  route.mockClear();
}

/** What a response to a bad token must look like (RFC 6750 §3.1). */
async function expectInvalidToken(token: string, label: string): Promise<void> {
  const response = await answer(request(`Bearer ${token}`), 401, { error: 'invalid_token', label });
  expect(response.challenge?.scheme, `${label}: challenge scheme`).toBe('bearer');
  expect(route, `the route must not run for ${label}`).not.toHaveBeenCalled();
}

/** A request without a usable credential: 401 with a bare Bearer challenge that names a realm (RFC 6750 §3.1). */
async function expectBareChallenge(incoming: Request, label: string): Promise<void> {
  const response = await answer(incoming, 401, { error: null, label });
  expect({ label, scheme: response.challenge?.scheme, realm: response.challenge?.params['realm'] }).toEqual({
    label,
    scheme: 'bearer',
    realm: expect.stringMatching(/./),
  });
}

function record(token: AttackToken): string {
  return recordAttack(token).token;
}

beforeEach(async () => {
  as = await createTokenServer({ audience: API });
  kit = labAttacker(as, { audience: API });
  route = vi.fn(async (_request: Request, claims: { sub?: unknown }) =>
    Response.json({ order: 42, owner: claims.sub }),
  );
  handle = requireBearerToken(
    { issuer: as.issuer, audience: API, jwksUri: as.endpoints.jwks, requiredScope: REQUIRED_SCOPE },
    // A call-only view: learner code cannot reset or rewrite the mock's record of the route's calls.
    forLearner(route) as never,
  );
});

describe('requireBearerToken', () => {
  describe('legitimate traffic', () => {
    it('passes a valid token with the scope to the route, with its verified claims', async () => {
      let raw: unknown;
      await expectStatus(
        async () => (raw = await handle(request(`Bearer ${await tokenWithScope([REQUIRED_SCOPE])}`))),
        200,
      );
      // Read with the platform's own method: the parsed JSON is plain data the route wrote.
      const body: unknown = await Response.prototype.json.call(raw as Response);
      expect(body).toEqual({ order: 42, owner: 'user-alice' });
      expect(route).toHaveBeenCalledTimes(1);
      expect(snapshot(route.mock.calls[0]?.[1])).toMatchObject({
        sub: 'user-alice',
        iss: as.issuer,
        scope: REQUIRED_SCOPE,
      });
    });

    it('accepts the scheme name in any letter case and one or more spaces before the token', async () => {
      const token = await tokenWithScope([REQUIRED_SCOPE]);
      for (const authorization of [`bearer ${token}`, `BEARER ${token}`, `Bearer   ${token}`]) {
        await answer(request(authorization), 200, { label: authorization.slice(0, 12) });
      }
    });
  });

  describe('RFC 6750 §3.1: requests without a usable token', () => {
    it('answers a request with no Authorization header with a bare Bearer challenge', async () => {
      await expectGoodTokenAdmitted();
      // RFC 6750 §3.1: no error code when the request carried no authentication information.
      await expectBareChallenge(request(), 'no Authorization header');
      expect(route).not.toHaveBeenCalled();
    });

    it('answers another authentication scheme with a bare Bearer challenge', async () => {
      await expectGoodTokenAdmitted();
      const token = await tokenWithScope([REQUIRED_SCOPE]);
      // A genuine token behind a scheme that only resembles Bearer is not a Bearer credential (RFC 9110 §11.1).
      for (const authorization of [
        'Basic bGFiLWNsaWVudDpsYWItY2xpZW50LXNlY3JldA==',
        `DPoP ${token}`,
        `Bearerx ${token}`,
        `NotBearer ${token}`,
        `Bearer-Token ${token}`,
      ]) {
        evidence({
          token,
          clauses: ['RFC 6750 §3.1', 'RFC 9110 §11.1'],
          note: `Authorization: ${authorization.slice(0, 24)}…`,
        });
        await expectBareChallenge(request(authorization), authorization.slice(0, 12));
      }
      expect(route).not.toHaveBeenCalled();
    });

    it('answers a malformed Bearer header with 400 invalid_request', async () => {
      await expectGoodTokenAdmitted();
      const token = await tokenWithScope([REQUIRED_SCOPE]);
      // Two Authorization lines reach the code joined by a comma (RFC 9110 §5.3).
      for (const authorization of [
        'Bearer',
        'Bearer ',
        `Bearer ${token} ${token}`,
        `Bearer ${token}, Bearer ${token}`,
      ]) {
        evidence({
          clauses: ['RFC 6750 §2.1', 'RFC 6750 §3.1'],
          note: `Authorization: ${authorization.slice(0, 40)}`,
        });
        await answer(request(authorization), 400, {
          error: 'invalid_request',
          label: authorization.slice(0, 20),
        });
      }
      expect(route).not.toHaveBeenCalled();
    });
  });

  describe('RFC 6750 §3.1: invalid_token', () => {
    it('answers forged, expired and misdirected tokens with 401 invalid_token', async () => {
      await expectGoodTokenAdmitted();
      const tokens = [
        ...(await kit.mint('A2')),
        await kit.mintVariant('A1', 'tampered-payload'),
        await kit.mintVariant('A12', 'expired'),
        await kit.mintVariant('A13', 'other-audience'),
        await kit.mintVariant('A14', 'id-token'),
        await kit.mintVariant('A9', 'jwk-header'),
      ];
      for (const token of tokens) await expectInvalidToken(record(token), `${token.attack} ${token.variant}`);
    });

    it('refuses a token missing any claim RFC 9068 §2.2 requires', async () => {
      await expectGoodTokenAdmitted();
      for (const claim of ['exp', 'iat', 'jti', 'sub', 'client_id']) {
        // Signed by the issuer, for this API, with the scope: only the claim is missing.
        const token = await kit.validToken({ claims: { scope: REQUIRED_SCOPE }, omitClaims: [claim] });
        evidence({
          token,
          clauses: ['RFC 9068 §2.2', 'RFC 9068 §4'],
          note: `A valid token without ${claim}.`,
        });
        await expectInvalidToken(token, `a token without ${claim}`);
      }
      await expectGoodTokenAdmitted();
    });

    it('answers a token with garbage in every segment with 401, not a crash', async () => {
      await expectGoodTokenAdmitted();
      for (const garbage of ['abc.def.ghi', 'eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln', 'a.b']) {
        evidence({ token: garbage, clauses: ['RFC 6750 §3.1'], note: 'Not a JWT at all.' });
        await expectInvalidToken(garbage, garbage);
      }
    });

    it('refuses another kind of JWT from the same issuer, even with this API as audience and the scope', async () => {
      const genuine = await kit.validToken({ claims: { scope: REQUIRED_SCOPE } });
      await answer(request(`Bearer ${genuine}`), 200, { label: 'at+jwt with the scope' });
      route.mockClear();
      // Each differs from the genuine token only in its typ header (RFC 9068 §4, RFC 8725 §3.11).
      for (const typ of ['JWT', 'dpop+jwt', 'rt+jwt', 'internal+jwt', undefined]) {
        const token = await kit.validToken(
          typ === undefined
            ? { claims: { scope: REQUIRED_SCOPE }, omitHeader: ['typ'] }
            : { header: { typ }, claims: { scope: REQUIRED_SCOPE } },
        );
        evidence({
          token,
          clauses: ['RFC 9068 §4', 'RFC 8725 §3.11'],
          note: `typ ${typ ?? '(none)'}, this API's aud and scope ${REQUIRED_SCOPE}.`,
        });
        await expectInvalidToken(token, `typ ${typ ?? '(none)'}`);
      }
    });

    it('refuses a token issued more than 15 minutes ago, even before its exp', async () => {
      const now = labClock().nowSeconds();
      // Signed by the issuer for this API with the scope; only iat differs, and exp is an hour ahead.
      const issuedAgo = (minutes: number) =>
        kit.validToken({ claims: { scope: REQUIRED_SCOPE, iat: now - minutes * 60, exp: now + 3600 } });
      await answer(request(`Bearer ${await issuedAgo(14)}`), 200, { label: 'issued 14 minutes ago' });
      route.mockClear();
      for (const minutes of [16, 120]) {
        const token = await issuedAgo(minutes);
        evidence({
          token,
          clauses: ['RFC 7519 §4.1.6'],
          note: `Issued ${minutes} minutes ago, exp an hour ahead: older than the given maxTokenAge of 15 minutes.`,
        });
        await expectInvalidToken(token, `issued ${minutes} minutes ago, exp in an hour`);
      }
    });

    it('answers every invalid token alike, whichever check it failed', async () => {
      await expectGoodTokenAdmitted();
      const now = labClock().nowSeconds();
      const tokens: Array<[string, string]> = [
        ['an expired token', record(await kit.mintVariant('A12', 'expired'))],
        [
          'a token issued 2 hours ago',
          await kit.validToken({ claims: { scope: REQUIRED_SCOPE, iat: now - 7200, exp: now + 3600 } }),
        ],
        ['a tampered payload', record(await kit.mintVariant('A1', 'tampered-payload'))],
        ['alg none', record(await kit.mintVariant('A2', 'none'))],
        ['a token for another API', record(await kit.mintVariant('A13', 'other-audience'))],
        ['an ID token', record(await kit.mintVariant('A14', 'id-token'))],
        ['typ JWT', await kit.validToken({ header: { typ: 'JWT' }, claims: { scope: REQUIRED_SCOPE } })],
        [
          'a token without jti',
          await kit.validToken({ claims: { scope: REQUIRED_SCOPE }, omitClaims: ['jti'] }),
        ],
        ['not a JWT', 'abc.def.ghi'],
      ];
      // The whole refusal, not a list of words: status, every header name and value, and the body. Whatever differs
      // between two invalid tokens tells the sender which check failed (RFC 6750 §3.1: invalid_token is all it needs).
      let reference: { token: string; answer: string } | undefined;
      for (const [label, token] of tokens) {
        const response = await answer(request(`Bearer ${token}`), 401, { error: 'invalid_token', label });
        const said = JSON.stringify({
          status: response.status,
          headers: response.headers,
          body: response.body,
        });
        reference ??= { token: label, answer: said };
        expect(`${label} was answered ${said}`, `the same answer as to ${reference.token}`).toBe(
          `${label} was answered ${reference.answer}`,
        );
      }
      expect(route).not.toHaveBeenCalled();
    });

    it('keeps the reason out of the response: no jose message, no claim values', async () => {
      await expectGoodTokenAdmitted();
      const tokens = [
        await kit.mintVariant('A2', 'none'),
        await kit.mintVariant('A12', 'expired'),
        await kit.mintVariant('A13', 'other-audience'),
        await kit.mintVariant('A14', 'id-token'),
      ];
      // jose's messages name the check that failed ("claim", "signature", "header"...) and echo claim values:
      // the sender learns which defence to work around next. "invalid_token" (and "expired") is all it needs.
      const revealing =
        /claim|signature|header|json web|\bjws\b|\balg\b|\btyp\b|\baud\b|\bkid\b|ERR_[A-Z]|unexpected|other-service|admin/i;
      for (const token of tokens) {
        const response = await answer(request(`Bearer ${record(token)}`), 401, { label: token.variant });
        const description = response.challenge?.params['error_description'] ?? '';
        expect({
          variant: token.variant,
          leaked: `${response.body} ${description}`.match(revealing)?.[0] ?? null,
        }).toEqual({
          variant: token.variant,
          leaked: null,
        });
      }
    });
  });

  describe('RFC 6750 §3.1: insufficient_scope', () => {
    it('answers a valid token without the scope with 403 insufficient_scope naming the scope', async () => {
      await expectGoodTokenAdmitted();
      const tokens: Array<[string, string]> = [
        ['scope "orders:write"', await tokenWithScope(['orders:write'])],
        ['an empty scope', await tokenWithScope([])],
        ['no scope claim', await kit.validToken({ omitClaims: ['scope'] })],
      ];
      for (const [label, token] of tokens) {
        evidence({ token, clauses: ['RFC 6750 §3.1', 'RFC 9068 §4'], note: `A valid token with ${label}.` });
        const response = await answer(request(`Bearer ${token}`), 403, {
          error: 'insufficient_scope',
          label,
        });
        expect({ label, challenge: response.challenge }).toMatchObject({
          label,
          challenge: { scheme: 'bearer', params: { error: 'insufficient_scope', scope: REQUIRED_SCOPE } },
        });
      }
      expect(route).not.toHaveBeenCalled();
    });

    it('compares whole scope tokens, not substrings', async () => {
      await expectGoodTokenAdmitted();
      // Superstrings, prefixes, other case, a parent, wildcards, an all-powerful name, and whitespace that is not a
      // space (RFC 6749 §3.3: only a space separates scope tokens).
      for (const scope of [
        ['orders:readonly'],
        ['admin:orders:read-all'],
        ['orders:rea'],
        ['ORDERS:READ'],
        ['Orders:Read'],
        ['orders'],
        ['orders:*'],
        ['orders:read*'],
        ['*'],
        ['admin'],
        ['billing\torders:read'],
        ['billing\norders:read'],
      ]) {
        const token = await tokenWithScope(scope);
        const shown = JSON.stringify(scope.join(' '));
        evidence({
          token,
          clauses: ['RFC 9068 §2.2.3', 'RFC 6749 §3.3'],
          note: `scope ${shown} only looks like ${REQUIRED_SCOPE}.`,
        });
        await answer(request(`Bearer ${token}`), 403, { label: `scope ${shown}` });
      }
      expect(route).not.toHaveBeenCalled();
    });
  });

  describe('RFC 6750 §3.1: insufficient_scope, where the scopes come from', () => {
    it('reads the granted scopes from the scope string alone', async () => {
      await expectGoodTokenAdmitted();
      const tokens: Array<[string, string]> = [
        ['scope as an array', await kit.validToken({ claims: { scope: [REQUIRED_SCOPE] } })],
        ['scp as an array', await kit.validToken({ claims: { scope: 'profile', scp: [REQUIRED_SCOPE] } })],
        ['scp as a string', await kit.validToken({ claims: { scope: 'profile', scp: REQUIRED_SCOPE } })],
      ];
      for (const [label, token] of tokens) {
        evidence({
          token,
          clauses: ['RFC 9068 §2.2.3'],
          note: `${label} lists ${REQUIRED_SCOPE}; the scope claim, a space-separated string, does not.`,
        });
        await answer(request(`Bearer ${token}`), 403, { error: 'insufficient_scope', label });
      }
      expect(route).not.toHaveBeenCalled();
    });
  });

  describe('RFC 6750 §3.1: insufficient_scope, what the 403 says', () => {
    it("keeps the token's subject, client and granted scopes out of the 403", async () => {
      await expectGoodTokenAdmitted();
      const client = 'billing-app';
      const { token } = await as.issueAccessToken({
        sub: 'user-carol',
        clientId: client,
        audience: API,
        scope: ['billing:export'],
      });
      evidence({
        token,
        clauses: ['RFC 6750 §3.1', 'RFC 6750 §5.1'],
        note: 'A valid token for another scope: the refusal names only the scope this route needs.',
      });
      const response = await answer(request(`Bearer ${token}`), 403);
      const said = `${response.body} ${JSON.stringify(response.headers)}`;
      expect({
        leaked: ['user-carol', client, 'billing:export'].filter((value) => said.includes(value)),
      }).toEqual({
        leaked: [],
      });
      expect(route).not.toHaveBeenCalled();
    });

    it('reads a comma as part of a scope token, not as a separator', async () => {
      await expectGoodTokenAdmitted();
      for (const scope of ['billing,orders:read', 'orders:read,billing']) {
        const token = await tokenWithScope([scope]);
        evidence({
          token,
          clauses: ['RFC 6749 §3.3', 'RFC 9068 §2.2.3'],
          note: `scope "${scope}" is one scope token: a comma is an NQCHAR, only a space separates.`,
        });
        await answer(request(`Bearer ${token}`), 403, { label: `scope ${scope}` });
      }
      expect(route).not.toHaveBeenCalled();
    });
  });

  describe('RFC 6750 §2: where the token is read from', () => {
    it('ignores a token sent in the query string or the form body', async () => {
      await expectGoodTokenAdmitted();
      const token = await tokenWithScope([REQUIRED_SCOPE]);
      evidence({
        token,
        clauses: ['RFC 6750 §2.2', 'RFC 6750 §2.3'],
        note: 'A genuine token as ?access_token= and as a form parameter, with no Authorization header.',
      });
      const attempts: Array<[string, Request]> = [
        ['GET ?access_token=', new Request(`${ROUTE}?access_token=${token}`)],
        [
          'POST form access_token',
          new Request(ROUTE, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `access_token=${token}`,
          }),
        ],
      ];
      for (const [label, attempt] of attempts) await answer(attempt, 401, { label });
      expect(route).not.toHaveBeenCalled();
    });

    it('ignores a token sent in a cookie or in any header but Authorization', async () => {
      await expectGoodTokenAdmitted();
      const token = await tokenWithScope([REQUIRED_SCOPE]);
      evidence({
        token,
        clauses: ['RFC 6750 §2.1'],
        note: 'A genuine token in a cookie or another header, alone and after "Bearer ", with no Authorization header.',
      });
      const headers = [
        'x-access-token',
        'x-auth-token',
        'x-token',
        'x-jwt',
        'x-bearer-token',
        'token',
        'access-token',
        'x-authorization',
        'x-forwarded-authorization',
        'x-original-authorization',
        'x-forwarded-access-token',
        'x-auth-request-access-token',
        'x-amzn-oidc-accesstoken',
        'proxy-authorization',
      ];
      const cookies = [
        'access_token',
        'accessToken',
        'token',
        'jwt',
        'auth',
        'auth_token',
        'authorization',
        'bearer',
        'session',
      ];
      for (const value of [token, `Bearer ${token}`]) {
        const form = value === token ? 'the token' : 'Bearer and the token';
        for (const name of headers)
          await answer(new ClientRequest(ROUTE, new Headers({ [name]: value })), 401, {
            error: null,
            label: `${name}: ${form}`,
          });
        for (const name of cookies)
          await answer(new ClientRequest(ROUTE, new Headers({ cookie: `${name}=${value}` })), 401, {
            error: null,
            label: `cookie ${name}=${form}`,
          });
      }
      expect(route).not.toHaveBeenCalled();
    });
  });

  describe('RFC 7519 §4.1.4: a token accepted before', () => {
    it('refuses the same token once it has expired, however often it was accepted', async () => {
      const token = await tokenWithScope([REQUIRED_SCOPE]);
      for (let i = 0; i < 2; i += 1)
        await answer(request(`Bearer ${token}`), 200, { label: `attempt ${i + 1}` });
      route.mockClear();
      // Past exp and past any leeway a few minutes long.
      await labClock().advance(as.config.lifetimes.accessToken + 5 * 60 + 1);
      evidence({
        token,
        clauses: ['RFC 7519 §4.1.4'],
        note: 'Accepted twice, then presented again after its exp plus five minutes.',
      });
      await expectInvalidToken(token, 'the same token after exp');
    });

    it('refuses a token first accepted moments before its exp once that exp has passed', async () => {
      const { token } = await as.issueAccessToken({
        sub: 'user-alice',
        audience: API,
        scope: [REQUIRED_SCOPE],
        expiresIn: 60,
      });
      await labClock().advance(55);
      for (let i = 0; i < 2; i += 1)
        await answer(request(`Bearer ${token}`), 200, { label: `5 s before exp, attempt ${i + 1}` });
      route.mockClear();
      // Past exp and the given clockTolerance of 30 s, yet well inside any fixed cache lifetime.
      await labClock().advance(5 + 30 + 1);
      evidence({
        token,
        clauses: ['RFC 7519 §4.1.4'],
        note: 'Accepted twice 5 s before its exp, then presented again 31 s after it.',
      });
      await expectInvalidToken(token, 'the same token 31 s after its exp');
    });
  });

  describe('a cache of verified tokens', () => {
    it('refuses a token for another API that a middleware for that API admitted, and the other way round', async () => {
      // Two middlewares in one process, for two APIs of the same issuer: each verifies for its own audience.
      const billing = requireBearerToken(
        { issuer: as.issuer, audience: OTHER_API, jwksUri: as.endpoints.jwks, requiredScope: 'billing:read' },
        forLearner(route) as never,
      );
      const scope = ['billing:read', REQUIRED_SCOPE];
      const billingToken = (await as.issueAccessToken({ sub: 'user-alice', audience: OTHER_API, scope }))
        .token;
      const ordersToken = (await as.issueAccessToken({ sub: 'user-alice', audience: API, scope })).token;
      await expectStatus(() => billing(request(`Bearer ${billingToken}`)), 200, {
        label: 'the billing API, a billing token',
      });
      await answer(request(`Bearer ${ordersToken}`), 200, { label: 'the orders API, an orders token' });
      route.mockClear();
      evidence({
        token: billingToken,
        clauses: ['RFC 8725 §3.9'],
        note: `Admitted by the middleware for ${OTHER_API}, then presented here, and the other way round.`,
      });
      await expectInvalidToken(billingToken, 'the billing token at the orders API');
      await expectStatus(() => billing(request(`Bearer ${ordersToken}`)), 401, {
        error: 'invalid_token',
        label: 'the orders token at the billing API',
      });
      expect(route, 'the route must not run for a token for another API').not.toHaveBeenCalled();
    });

    it('refuses a forged token that repeats the jti, or the header and payload, of a token accepted before', async () => {
      const genuine = await tokenWithScope([REQUIRED_SCOPE]);
      await answer(request(`Bearer ${genuine}`), 200, { label: 'the genuine token' });
      route.mockClear();
      const [header, payload] = genuine.split('.');
      const otherSignature = (await tokenWithScope([REQUIRED_SCOPE])).split('.')[2];
      const forgeries: Array<[string, string]> = [
        ["its header and payload under another token's signature", `${header}.${payload}.${otherSignature}`],
        [
          'its jti, signed by the attacker',
          await kit.validToken({
            key: await kit.attacker.key('ES256', as.keys.signingKey().kid),
            claims: { jti: decodeJwt(genuine).jti, sub: 'user-mallory', scope: REQUIRED_SCOPE },
          }),
        ],
      ];
      for (const [label, token] of forgeries) {
        evidence({
          token,
          clauses: ['RFC 7515 §5.2'],
          note: `A forgery with ${label}: only the signature decides, never what the token says about itself.`,
        });
        await expectInvalidToken(token, label);
      }
      await answer(request(`Bearer ${genuine}`), 200, { label: 'the genuine token again' });
    });
  });

  describe('fail closed', () => {
    it('refuses every token while the key set is unreachable, without a 500', async () => {
      await expectGoodTokenAdmitted();
      type Failure =
        | 'answers 500'
        | 'is unreachable'
        | 'answers HTML'
        | 'answers JSON that is no key set'
        | 'times out mid-answer';
      let failure: Failure = 'answers 500';
      labNetwork().register(new URL(BROKEN_JWKS).origin, () => {
        if (failure === 'answers 500') return new Response('upstream error', { status: 500 });
        if (failure === 'answers HTML')
          return new Response('<html>Bad gateway</html>', { headers: { 'content-type': 'text/html' } });
        if (failure === 'answers JSON that is no key set') return Response.json({ keys: 'rotating' });
        // The answer starts, then the connection times out before the body is complete.
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"keys":['));
            controller.error(new DOMException('The operation timed out.', 'TimeoutError'));
          },
        });
        return new Response(body, { headers: { 'content-type': 'application/json' } });
      });
      const forged = await kit.validToken({ key: await kit.attacker.key('ES256', as.keys.signingKey().kid) });
      const genuine = await tokenWithScope([REQUIRED_SCOPE]);
      evidence({
        token: forged,
        clauses: ['RFC 6750 §3.1'],
        note: 'Signed by the attacker while the key set answers 500, is unreachable, is malformed or times out.',
      });
      const failures: Failure[] = [
        'answers 500',
        'is unreachable',
        'answers HTML',
        'answers JSON that is no key set',
        'times out mid-answer',
      ];
      const outcomes: string[] = [];
      for (const kind of failures) {
        failure = kind;
        const outage = requireBearerToken(
          {
            issuer: as.issuer,
            audience: API,
            jwksUri: kind === 'is unreachable' ? GONE_JWKS : BROKEN_JWKS,
            requiredScope: REQUIRED_SCOPE,
          },
          forLearner(route) as never,
        );
        for (const [which, token] of [
          ['forged', forged],
          ['genuine', genuine],
        ] as const) {
          const outcome = await settle(() => outage(request(`Bearer ${token}`)));
          const status = outcome.accepted ? (outcome.value as { status?: unknown } | null)?.status : 'threw';
          const verdict = [401, 503].includes(status as number) ? 'refused' : String(status);
          outcomes.push(`a ${which} token, the key set ${kind}: ${verdict}`);
          await labClock().advance(30);
        }
      }
      expect(outcomes, 'each 401 or 503').toEqual(
        failures.flatMap((kind) => [
          `a forged token, the key set ${kind}: refused`,
          `a genuine token, the key set ${kind}: refused`,
        ]),
      );
      expect(route).not.toHaveBeenCalled();
    });
  });
});

describe('requireBearerToken', () => {
  describe('an attack before any genuine request', () => {
    // Every other check opens with a positive control, so code that lets in whatever comes first would pass them.
    it('refuses a tampered token that is the first request it ever sees, then admits a valid one', async () => {
      const tampered = await kit.mintVariant('A1', 'tampered-payload');
      await expectInvalidToken(record(tampered), `${tampered.attack} ${tampered.variant}, the first request`);
      await expectGoodTokenAdmitted();
    });
  });
});
