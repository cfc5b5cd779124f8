import { beforeEach, describe, expect, it, vi } from 'vitest';
import { requireBearerToken } from '@lab/submission';
import {
  createTokenServer,
  evidence,
  labAttacker,
  labClock,
  labNetwork,
  recordAttack,
  type AttackToken,
  type LabAttacker,
  type TokenServer,
} from '@lab/server';

const API = 'https://orders.example.test';
const ROUTE = `${API}/orders/42`;
const REQUIRED_SCOPE = 'orders:read';
/** Where the key set lives in the outage check: an origin that only ever answers 500. */
const BROKEN_JWKS = 'https://keys-down.example.test/.well-known/jwks.json';

let as: TokenServer;
let kit: LabAttacker;
let route: ReturnType<typeof vi.fn>;
let handle: (request: Request) => Promise<Response>;

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `WWW-Authenticate: Bearer realm="x", error="invalid_token"` (RFC 6750 §3, RFC 9110 §11.6.1). */
function challengeOf(response: Response): Challenge | undefined {
  const header = response.headers.get('www-authenticate');
  if (header === null) return undefined;
  const [, scheme = '', rest = ''] = /^\s*([^\s,]+)\s*(.*)$/s.exec(header) ?? [];
  const params: Record<string, string> = {};
  for (const match of rest.matchAll(/([A-Za-z_]+)\s*=\s*"((?:[^"\\]|\\.)*)"/g)) {
    params[(match[1] ?? '').toLowerCase()] = match[2] ?? '';
  }
  return { scheme: scheme.toLowerCase(), params };
}

function request(authorization?: string): Request {
  return new Request(ROUTE, authorization === undefined ? {} : { headers: { authorization } });
}

async function tokenWithScope(scope: string[]): Promise<string> {
  return (await as.issueAccessToken({ sub: 'user-alice', audience: API, scope })).token;
}

/** The positive control: a good token reaches the route. */
async function expectGoodTokenAdmitted(): Promise<void> {
  const response = await handle(request(`Bearer ${await tokenWithScope(['profile', REQUIRED_SCOPE])}`));
  expect(response.status, 'status for a valid token with the scope').toBe(200);
  expect(route).toHaveBeenCalledTimes(1);
  route.mockClear();
}

/** What a response to a bad token must look like (RFC 6750 §3.1). */
async function expectInvalidToken(token: string, label: string): Promise<void> {
  const response = await handle(request(`Bearer ${token}`));
  expect({ label, status: response.status }).toEqual({ label, status: 401 });
  expect({ label, challenge: challengeOf(response) }).toMatchObject({
    label,
    challenge: { scheme: 'bearer', params: { error: 'invalid_token' } },
  });
  expect(route, `the route must not run for ${label}`).not.toHaveBeenCalled();
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
    route as never,
  );
});

describe('requireBearerToken', () => {
  describe('legitimate traffic', () => {
    it('passes a valid token with the scope to the route, with its verified claims', async () => {
      const response = await handle(request(`Bearer ${await tokenWithScope([REQUIRED_SCOPE])}`));
      expect(response.status).toBe(200);
      await expect(response.json()).resolves.toEqual({ order: 42, owner: 'user-alice' });
      expect(route).toHaveBeenCalledTimes(1);
      expect(route.mock.calls[0]?.[1]).toMatchObject({
        sub: 'user-alice',
        iss: as.issuer,
        scope: REQUIRED_SCOPE,
      });
    });

    it('accepts the scheme name in any letter case', async () => {
      const token = await tokenWithScope([REQUIRED_SCOPE]);
      for (const scheme of ['bearer', 'BEARER']) {
        const response = await handle(request(`${scheme} ${token}`));
        expect({ scheme, status: response.status }).toEqual({ scheme, status: 200 });
      }
    });
  });

  describe('RFC 6750 §3.1: requests without a usable token', () => {
    it('answers a request with no Authorization header with a bare Bearer challenge', async () => {
      await expectGoodTokenAdmitted();
      const response = await handle(request());
      expect(response.status).toBe(401);
      const challenge = challengeOf(response);
      expect(challenge?.scheme, 'WWW-Authenticate scheme').toBe('bearer');
      // RFC 6750 §3.1: no error code when the request carried no authentication information.
      expect(challenge?.params['error'], 'error attribute').toBeUndefined();
      expect(route).not.toHaveBeenCalled();
    });

    it('answers another authentication scheme with a bare Bearer challenge', async () => {
      await expectGoodTokenAdmitted();
      const response = await handle(request('Basic bGFiLWNsaWVudDpsYWItY2xpZW50LXNlY3JldA=='));
      expect(response.status).toBe(401);
      expect(challengeOf(response)?.scheme).toBe('bearer');
      expect(challengeOf(response)?.params['error']).toBeUndefined();
      expect(route).not.toHaveBeenCalled();
    });

    it('answers a malformed Bearer header with 400 invalid_request', async () => {
      await expectGoodTokenAdmitted();
      const token = await tokenWithScope([REQUIRED_SCOPE]);
      for (const authorization of ['Bearer', 'Bearer ', `Bearer ${token} ${token}`]) {
        const response = await handle(request(authorization));
        evidence({
          clauses: ['RFC 6750 §2.1', 'RFC 6750 §3.1'],
          note: `Authorization: ${authorization.slice(0, 40)}`,
        });
        expect({ authorization: authorization.slice(0, 20), status: response.status }).toEqual({
          authorization: authorization.slice(0, 20),
          status: 400,
        });
        expect(challengeOf(response)?.params['error']).toBe('invalid_request');
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

    it('answers a token with garbage in every segment with 401, not a crash', async () => {
      await expectGoodTokenAdmitted();
      for (const garbage of ['abc.def.ghi', 'eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln', 'a.b']) {
        evidence({ token: garbage, clauses: ['RFC 6750 §3.1'], note: 'Not a JWT at all.' });
        await expectInvalidToken(garbage, garbage);
      }
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
        const response = await handle(request(`Bearer ${record(token)}`));
        const body = await response.text();
        const description = challengeOf(response)?.params['error_description'] ?? '';
        expect({ variant: token.variant, status: response.status }).toEqual({
          variant: token.variant,
          status: 401,
        });
        expect({
          variant: token.variant,
          leaked: `${body} ${description}`.match(revealing)?.[0] ?? null,
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
      for (const scope of [['orders:write'], []]) {
        const token = await tokenWithScope(scope);
        evidence({
          token,
          clauses: ['RFC 6750 §3.1', 'RFC 9068 §4'],
          note: `A valid token with scope "${scope.join(' ')}".`,
        });
        const response = await handle(request(`Bearer ${token}`));
        expect({ scope: scope.join(' '), status: response.status }).toEqual({
          scope: scope.join(' '),
          status: 403,
        });
        expect(challengeOf(response)).toMatchObject({
          scheme: 'bearer',
          params: { error: 'insufficient_scope', scope: REQUIRED_SCOPE },
        });
      }
      expect(route).not.toHaveBeenCalled();
    });

    it('compares whole scope tokens, not substrings', async () => {
      await expectGoodTokenAdmitted();
      for (const scope of [['orders:readonly'], ['admin:orders:read-all'], ['orders:rea'], ['ORDERS:READ']]) {
        const token = await tokenWithScope(scope);
        evidence({
          token,
          clauses: ['RFC 9068 §2.2.3', 'RFC 6749 §3.3'],
          note: `scope "${scope.join(' ')}" only looks like ${REQUIRED_SCOPE}.`,
        });
        const response = await handle(request(`Bearer ${token}`));
        expect({ scope: scope.join(' '), status: response.status }).toEqual({
          scope: scope.join(' '),
          status: 403,
        });
      }
      expect(route).not.toHaveBeenCalled();
    });
  });

  describe('fail closed', () => {
    it('refuses every token while the key set is unreachable, without a 500', async () => {
      await expectGoodTokenAdmitted();
      labNetwork().register(
        new URL(BROKEN_JWKS).origin,
        () => new Response('upstream error', { status: 500 }),
      );
      const outage = requireBearerToken(
        { issuer: as.issuer, audience: API, jwksUri: BROKEN_JWKS, requiredScope: REQUIRED_SCOPE },
        route as never,
      );
      const forged = await kit.validToken({ key: await kit.attacker.key('ES256', as.keys.signingKey().kid) });
      const genuine = await tokenWithScope([REQUIRED_SCOPE]);
      evidence({
        token: forged,
        clauses: ['RFC 6750 §3.1'],
        note: 'Signed by the attacker while the JWKS endpoint answers 500.',
      });
      for (const [label, token] of [
        ['forged', forged],
        ['genuine', genuine],
      ] as const) {
        const response = await outage(request(`Bearer ${token}`));
        expect({ label, status: [401, 503].includes(response.status) ? 'refused' : response.status }).toEqual(
          {
            label,
            status: 'refused',
          },
        );
      }
      expect(route).not.toHaveBeenCalled();
      await labClock().advance(60);
      expect((await outage(request(`Bearer ${forged}`))).status).not.toBe(200);
    });
  });
});
