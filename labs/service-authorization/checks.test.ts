import { beforeEach, describe, expect, it } from 'vitest';
import { createOrdersService } from '@lab/submission';
import {
  createInternalTokenIssuer,
  createTokenServer,
  evidence,
  labAttacker,
  labClock,
  labNetwork,
  loadSimulationKey,
  type InternalTokenIssuer,
  type LabAttacker,
  type TokenServer,
} from '@lab/server';

const ORDERS = 'https://orders.example.test';
const BILLING = 'https://billing.example.test';
const GATEWAY = 'https://gateway.example.test';
const GATEWAY_KEYS = 'https://gateway-keys.example.test/jwks.json';
const SEPARATION = ['RFC 8725 §3.12', 'OWASP Microservices Security Cheat Sheet: identity propagation'];

let server: TokenServer;
let gateway: InternalTokenIssuer;
let attacker: LabAttacker;
let service: (request: Request) => Promise<Response>;

async function accessToken(scope: string[], audience: string = ORDERS): Promise<string> {
  return (await server.issueAccessToken({ sub: 'user-alice', scope, audience })).token;
}

function internalToken(scope: string, audience: string = ORDERS): Promise<string> {
  return gateway.mint({ sub: 'user-alice', client_id: 'lab-client', scope }, audience);
}

function call(path: string, token?: string, method = 'GET'): Promise<Response> {
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  return service(new Request(`${ORDERS}${path}`, { method, headers }));
}

/** The status and the RFC 6750 §3 error code in the WWW-Authenticate challenge. */
async function outcome(response: Promise<Response>): Promise<{ status: number; error: string | undefined }> {
  const answer = await response;
  const header = answer.headers.get('www-authenticate') ?? '';
  return { status: answer.status, error: /error="([^"]*)"/.exec(header)?.[1] };
}

beforeEach(async () => {
  server = await createTokenServer({ audience: ORDERS });
  attacker = labAttacker(server, { audience: ORDERS });
  gateway = createInternalTokenIssuer({
    issuer: GATEWAY,
    key: await loadSimulationKey('Ed25519'),
    now: () => labClock().now(),
  });
  labNetwork().register(new URL(GATEWAY_KEYS).origin, async () => Response.json(gateway.jwks()));
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
      const response = await call('/orders', await accessToken(['orders:read']));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ sub: 'user-alice' });
    });

    it('answers 401 with a Bearer challenge when there is no token', async () => {
      const response = await call('/orders');
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate') ?? '').toMatch(/^Bearer\b/i);
    });

    it('answers 401 invalid_token to a forged token', async () => {
      const forged = await attacker.validToken({
        key: await attacker.attacker.key('ES256'),
        header: { kid: server.keys.signingKey().kid },
        claims: { scope: 'orders:read' },
      });
      evidence({
        token: forged,
        clauses: ['RFC 7515 §5.2', 'OWASP ASVS 5.0 §9.1.1'],
        note: 'sent straight to the service, bypassing the gateway',
      });
      expect(await outcome(call('/orders', forged))).toEqual({ status: 401, error: 'invalid_token' });
      expect((await call('/orders', await accessToken(['orders:read']))).status).toBe(200);
    });

    it('answers 401 invalid_token to a token issued for another service', async () => {
      const billing = await accessToken(['orders:read'], BILLING);
      evidence({
        token: billing,
        clauses: ['RFC 8725 §3.9', 'RFC 9068 §4'],
        note: 'valid token whose aud is billing',
      });
      expect(await outcome(call('/orders', billing))).toEqual({ status: 401, error: 'invalid_token' });
    });

    it('answers 401 invalid_token to a token without aud', async () => {
      const anywhere = await attacker.validToken({ omitClaims: ['aud'], claims: { scope: 'orders:read' } });
      evidence({
        token: anywhere,
        clauses: ['RFC 8725 §3.9'],
        note: 'issuer-signed token with no aud at all',
      });
      expect(await outcome(call('/orders', anywhere))).toEqual({ status: 401, error: 'invalid_token' });
    });

    it('answers 401 invalid_token to an ID token signed by the authorization server', async () => {
      const idToken = await attacker.validToken({ header: { typ: 'JWT' }, claims: { scope: 'orders:read' } });
      evidence({
        token: idToken,
        clauses: ['RFC 8725 §3.11', 'RFC 9068 §2.1'],
        note: 'issuer-signed ID token (typ JWT) for this audience',
      });
      expect(await outcome(call('/orders', idToken))).toEqual({ status: 401, error: 'invalid_token' });
    });

    it('answers 403 insufficient_scope to a valid token without orders:read', async () => {
      const profileOnly = await accessToken(['profile']);
      evidence({
        token: profileOnly,
        clauses: ['RFC 9068 §4', 'RFC 6750 §3.1'],
        note: 'valid token, scope profile only',
      });
      expect(await outcome(call('/orders', profileOnly))).toEqual({
        status: 403,
        error: 'insufficient_scope',
      });
    });

    it('answers 403 insufficient_scope to POST /orders with a read-only token', async () => {
      const readOnly = await accessToken(['orders:read']);
      expect(await outcome(call('/orders', readOnly, 'POST'))).toEqual({
        status: 403,
        error: 'insufficient_scope',
      });
      expect((await call('/orders', await accessToken(['orders:read', 'orders:write']), 'POST')).status).toBe(
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
      expect(await outcome(call('/orders', archive))).toEqual({ status: 403, error: 'insufficient_scope' });
    });

    it('answers 401 to an internal token on an external route', async () => {
      const internal = await internalToken('orders:read');
      evidence({
        token: internal,
        clauses: SEPARATION,
        note: 'gateway internal token presented on a public route',
      });
      expect((await call('/orders', internal)).status).toBe(401);
    });
  });

  describe('internal routes', () => {
    it('answers 200 to an internal token minted for this service', async () => {
      const response = await call('/internal/orders', await internalToken('orders:read'));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ sub: 'user-alice' });
    });

    it('answers 401 to an external access token on an internal route', async () => {
      const external = await accessToken(['orders:read']);
      evidence({
        token: external,
        clauses: SEPARATION,
        note: 'external access token presented on an internal route',
      });
      expect((await call('/internal/orders', external)).status).toBe(401);
    });

    it('answers 401 to an internal token minted for another service', async () => {
      const forBilling = await internalToken('orders:read', BILLING);
      evidence({
        token: forBilling,
        clauses: ['RFC 8725 §3.9', ...SEPARATION],
        note: 'internal token for billing replayed to orders',
      });
      expect((await call('/internal/orders', forBilling)).status).toBe(401);
    });

    it('answers 401 to an internal-typed token signed by the authorization server', async () => {
      const confused = await attacker.validToken({
        header: { typ: 'internal+jwt' },
        claims: { iss: GATEWAY, scope: 'orders:read' },
      });
      evidence({
        token: confused,
        clauses: ['RFC 8725 §3.8', ...SEPARATION],
        note: 'typ internal+jwt, iss gateway, signed with the AS key',
      });
      expect((await call('/internal/orders', confused)).status).toBe(401);
      expect((await call('/internal/orders', await internalToken('orders:read'))).status).toBe(200);
    });
  });
});
