import { beforeEach, describe, expect, it } from 'vitest';
import { refreshTokenGrant } from '@lab/submission';
import { decodeJwt } from 'jose';
import {
  DEFAULT_AUDIENCE,
  createTokenServer,
  evidence,
  forLearner,
  labClock,
  settle,
  type GrantContext,
  type OAuthErrorValue,
  type Settled,
  type TokenResponseBody,
  type TokenServer,
} from '@lab/server';

const IDLE_LIFETIME = 600;
const GRANT_LIFETIME = 1800;
const BILLING = 'https://billing.example.test';
/** The browser app is a public client (no secret, RFC 6749 §2.1); the others are confidential. */
interface Client {
  id: string;
  secret?: string;
}
const CLIENTS = {
  app: { id: 'sso-app' },
  other: { id: 'other-app', secret: 'other-app-secret' },
  otherPublic: { id: 'other-spa' },
} satisfies Record<string, Client>;
/**
 * Every other client, each shape of id once confidential and once public: an unrelated id, and ids that look
 * like the app's (a superstring at either end, another case, a prefix, a suffix). A comparison by prefix,
 * substring or case, or one made only for confidential (or only for public) clients, lets one of them refresh
 * the app's tokens.
 */
const LOOK_ALIKES: Client[] = [
  CLIENTS.other,
  CLIENTS.otherPublic,
  { id: 'sso-app-evil', secret: 'look-alike-secret' },
  { id: 'sso-app-2' },
  { id: 'evil-sso-app', secret: 'look-alike-secret' },
  { id: 'my-sso-app' },
  { id: 'SSO-APP', secret: 'look-alike-secret' },
  { id: 'Sso-App' },
  { id: 'sso', secret: 'look-alike-secret' },
  { id: 'sso-a' },
  { id: 'app', secret: 'look-alike-secret' },
  { id: 'so-app' },
];
/** The parties whose refresh tokens are stolen: the public browser app and a confidential client. */
const OWNERS: Client[] = [CLIENTS.app, CLIENTS.other];
/** The API's resource server, which may introspect access tokens meant for it (RFC 7662 §4). */
const RESOURCE_SERVER = { id: 'resource-server', secret: 'resource-server-secret' } satisfies Client;
const ROTATION_CLAUSES = ['RFC 9700 §4.14.2', 'OWASP ASVS 5.0 §10.4.5'];

interface TokenAnswer {
  status: number;
  /** Every response header, as [lower-case name, value] pairs. */
  headers: Array<[string, string]>;
  body: {
    access_token?: string;
    refresh_token?: string;
    scope?: string;
    error?: string;
    error_description?: string;
  };
}

let server: TokenServer;
/** A value of the handler's that the snapshot refused (a Proxy, a getter…): the check fails naming it. */
let refused: unknown;
/** Set by the concurrency check: the refreshes that must run interleaved instead of one after the other. */
let race: Race | undefined;
/**
 * Set by a check to run between the server's arrival bookkeeping and the grant handler: the moments a slow
 * request or a lagging replica opens, where the clock moves on or the stores disagree.
 */
let inFlight: ((ctx: GrantContext) => Promise<GrantContext>) | undefined;

/**
 * Forces two refreshes to interleave, whatever the runtime's scheduling (real WebCrypto in a browser finishes
 * work in a different order from Node's). The handlers start together, each running up to its first `await`
 * before the other starts; and each one's first `issueAccessToken` waits until the other has reached its own
 * or finished. Any handler that checks the token, awaits, and only then consumes it is caught every time;
 * one that consumes atomically (`refreshTokens.consume`) before its first await is not affected.
 */
class Race {
  readonly #racers: number;
  readonly #arrived: Array<() => void> = [];
  readonly #waitingOrDone = new Set<number>();
  readonly #released: Array<() => void> = [];

  constructor(racers: number) {
    this.#racers = racers;
  }

  /** Whether this race still waits for racers; later refreshes run normally. */
  get open(): boolean {
    return this.#arrived.length < this.#racers;
  }

  run(ctx: GrantContext): Promise<TokenResponseBody> {
    const index = this.#arrived.length;
    return new Promise<TokenResponseBody>((resolve, reject) => {
      this.#arrived.push(() => {
        // The executor runs synchronously, so the handler starts now; a synchronous throw becomes a rejection.
        new Promise<TokenResponseBody>((run) => run(learnerGrant(this.#gated(ctx, index))))
          .then(resolve, reject)
          .finally(() => this.#reach(index));
      });
      // The last racer to arrive starts every handler, back to back in one synchronous run.
      if (!this.open) for (const start of this.#arrived) start();
    });
  }

  #gated(ctx: GrantContext, index: number): GrantContext {
    let first = true;
    const issueAccessToken: GrantContext['issueAccessToken'] = async (grant, options) => {
      if (first) {
        first = false;
        await new Promise<void>((release) => {
          this.#released.push(release);
          this.#reach(index);
        });
      }
      return ctx.issueAccessToken(grant, options);
    };
    return { ...ctx, issueAccessToken };
  }

  #reach(index: number): void {
    this.#waitingOrDone.add(index);
    if (this.#waitingOrDone.size < this.#racers) return;
    for (const release of this.#released.splice(0)) release();
  }
}

/**
 * Runs the learner's handler as the token server calls it, on a view of the context: every function in it is a
 * call-only wrapper (so no check's own function, the race's gate or the lagging replica, shows its source) and
 * every record a frozen copy. What the handler returns reaches the server as a snapshot, and what it throws as
 * the OAuth error it described (anything else is the server's 500).
 */
async function learnerGrant(ctx: GrantContext): Promise<TokenResponseBody> {
  let outcome: Settled;
  try {
    outcome = await settle(() => refreshTokenGrant(forLearner(ctx)));
  } catch (refusal) {
    refused ??= refusal;
    throw refusal;
  }
  if (outcome.accepted) return outcome.value as unknown as TokenResponseBody;
  const { error, description, status, headers } = (outcome.error.value ?? {}) as Record<string, unknown>;
  if (typeof error !== 'string' || typeof description !== 'string')
    throw new Error(`the handler threw ${outcome.error.name ?? 'a value that is no OAuth error'}`);
  throw ctx.oauthError(error as OAuthErrorValue, description, {
    ...(typeof status === 'number' ? { status } : {}),
    ...(headers !== null && typeof headers === 'object'
      ? { headers: headers as Record<string, string> }
      : {}),
  });
}

/** A token-endpoint request: a confidential client uses Basic (RFC 6749 §2.3.1), a public one names itself. */
async function post(url: string, client: Client, form: Record<string, string>): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (client.secret === undefined) form = { ...form, client_id: client.id };
  else headers['authorization'] = `Basic ${btoa(`${client.id}:${client.secret}`)}`;
  const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(form) });
  // The server answered 500 for a refused value; the check names the refusal instead.
  if (refused !== undefined) throw refused;
  return response;
}

async function answerOf(response: Response): Promise<TokenAnswer> {
  return {
    status: response.status,
    headers: [...response.headers],
    body: (await response.json()) as TokenAnswer['body'],
  };
}

async function refresh(
  refreshToken: string,
  extra: Record<string, string> = {},
  client: Client = CLIENTS.app,
): Promise<TokenAnswer> {
  return answerOf(
    await post(server.endpoints.token, client, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...extra,
    }),
  );
}

/**
 * Whether a token still works: a refresh token by the server's own store (the public client cannot introspect),
 * an access token by what introspection tells the API's resource server (RFC 7662).
 */
async function isActive(token: string): Promise<boolean> {
  const record = server.refreshTokens.find(token);
  if (record) return server.refreshTokens.isActive(record);
  const response = await post(server.endpoints.introspect, RESOURCE_SERVER, { token });
  expect(response.status).toBe(200);
  return ((await response.json()) as { active: unknown }).active === true;
}

/** A finished login: a grant consenting to `read` on the default API, with its first refresh token. */
async function login(): Promise<string> {
  return (await loginTo()).refreshToken;
}

async function loginTo(
  consent: { scope?: string[]; audience?: string[]; client?: Client } = {},
): Promise<{ grantId: string; refreshToken: string }> {
  const issued = await server.issueTokens({
    clientId: (consent.client ?? CLIENTS.app).id,
    sub: 'user-alice',
    scope: consent.scope ?? ['read'],
    audience: consent.audience ?? [DEFAULT_AUDIENCE],
    refreshToken: true,
  });
  if (!issued.refreshToken) throw new Error('the token server issued no refresh token');
  return { grantId: issued.grant.id, refreshToken: issued.refreshToken };
}

function kind(client: Client): string {
  return client.secret === undefined ? 'public' : 'confidential';
}

function expectSuccess(answer: TokenAnswer): {
  access: string;
  refresh: string;
} {
  expect(answer.status).toBe(200);
  expect(answer.body.access_token).toEqual(expect.any(String));
  expect(answer.body.refresh_token).toEqual(expect.any(String));
  return {
    access: answer.body.access_token as string,
    refresh: answer.body.refresh_token as string,
  };
}

/** A refusal (RFC 6749 §5.2): 400, the `error` code, and an `error_description` saying why, as the statement asks. */
function expectError(answer: TokenAnswer, error: string, label?: string): void {
  expect(answer.status, label).toBe(400);
  expect(answer.body.error, label).toBe(error);
  expect(
    answer.body.error_description,
    label === undefined ? 'error_description' : `${label}: error_description`,
  ).toEqual(expect.stringMatching(/\S/));
}

type RefreshRecord = NonNullable<ReturnType<GrantContext['refreshTokens']['find']>>;

/**
 * A refresh-token store replica that has not yet heard of its grants' revocation: a revoked, never-used token
 * still looks active to it and consumes as `ok`. Only the grant store knows the session ended.
 */
function laggingReplica(store: GrantContext['refreshTokens']): GrantContext['refreshTokens'] {
  /** Tokens this replica consumed itself (the store never consumes a revoked token), and when. */
  const consumedHere = new Map<string, number>();
  const unrevoked = (record: RefreshRecord): RefreshRecord => {
    const consumedAt = consumedHere.get(record.token);
    if (consumedAt !== undefined) return { ...record, consumedAt };
    return record.status === 'revoked' && record.consumedAt === undefined
      ? { ...record, status: 'active' }
      : record;
  };
  return {
    issue: (grant, lifetime) => store.issue(grant, lifetime),
    find: (token) => {
      const record = store.find(token);
      return record && unrevoked(record);
    },
    consume: (token) => {
      const result = store.consume(token);
      if (result.outcome !== 'revoked' || result.record.consumedAt !== undefined) return result;
      if (consumedHere.has(token)) return { outcome: 'revoked', record: unrevoked(result.record) };
      consumedHere.set(token, labClock().now().getTime());
      return { outcome: 'ok', record: unrevoked(result.record) };
    },
    revokeGrant: (grantId) => store.revokeGrant(grantId),
    isActive: (record) => record.status === 'active' && labClock().now().getTime() < record.expiresAt,
    get size() {
      return store.size;
    },
  };
}

/**
 * A refresh-token store replica that expires lazily: it still holds the `kept` records after their idle
 * lifetime, when the server's own store has already forgotten them, so `find` returns them and `consume` answers
 * `expired` instead of `unknown`.
 */
function lazilyExpiringReplica(
  store: GrantContext['refreshTokens'],
  kept: ReadonlyMap<string, RefreshRecord>,
): GrantContext['refreshTokens'] {
  const held = (token: string): RefreshRecord | undefined => {
    const record = kept.get(token);
    return record && { ...record };
  };
  return {
    issue: (grant, lifetime) => store.issue(grant, lifetime),
    find: (token) => store.find(token) ?? held(token),
    consume: (token) => {
      const result = store.consume(token);
      const record = held(token);
      // The server's store forgets a record only once it is past its lifetime.
      return result.outcome === 'unknown' && record ? { outcome: 'expired', record } : result;
    },
    revokeGrant: (grantId) => store.revokeGrant(grantId),
    isActive: (record) => store.isActive(record),
    get size() {
      return store.size;
    },
  };
}

async function handle(ctx: GrantContext): Promise<TokenResponseBody> {
  const arrived = inFlight ? await inFlight(ctx) : ctx;
  return learnerGrant(arrived);
}

beforeEach(async () => {
  refused = undefined;
  race = undefined;
  inFlight = undefined;
  server = await createTokenServer({
    clients: [
      {
        ...CLIENTS.app,
        grantTypes: ['refresh_token'],
        scopes: ['read', 'write'],
        resources: [DEFAULT_AUDIENCE, BILLING],
      },
      ...LOOK_ALIKES.map((client) => ({
        ...client,
        grantTypes: ['refresh_token'],
        scopes: ['read', 'write'],
        resources: [DEFAULT_AUDIENCE, BILLING],
      })),
      { ...RESOURCE_SERVER, grantTypes: [], audience: DEFAULT_AUDIENCE },
    ],
    lifetimes: { refreshToken: IDLE_LIFETIME, grant: GRANT_LIFETIME },
    grants: { refresh_token: (ctx) => (race?.open ? race.run(ctx) : handle(ctx)) },
  });
});

describe('refreshTokenGrant', () => {
  describe('request', () => {
    it('answers invalid_request when the refresh_token parameter is missing', async () => {
      await login();
      evidence({
        clauses: ['RFC 6749 §5.2', 'RFC 6749 §6'],
        note: 'refresh_token grant without a refresh_token',
      });
      const response = await post(server.endpoints.token, CLIENTS.app, { grant_type: 'refresh_token' });
      expectError(await answerOf(response), 'invalid_request');
    });

    it('answers invalid_grant for a refresh token the server never issued', async () => {
      const genuine = await login();
      const forged = `${genuine.slice(0, -4)}AAAA`;
      evidence({
        token: forged,
        clauses: ['RFC 6749 §5.2'],
        note: 'a refresh token that differs from a genuine one in its last characters',
      });
      expectError(await refresh(forged), 'invalid_grant');
      expectSuccess(await refresh(genuine));
    });
  });

  describe('rotation', () => {
    it('answers a refresh with a new access token and a new refresh token', async () => {
      const first = await login();
      const next = expectSuccess(await refresh(first));
      expect(next.refresh === first).toBe(false);
      expect(await isActive(next.access)).toBe(true);
      expect(await isActive(next.refresh)).toBe(true);
    });

    it('makes the used refresh token inactive', async () => {
      const first = await login();
      expectSuccess(await refresh(first));
      expect(await isActive(first)).toBe(false);
    });

    it('lets the client keep refreshing with each new refresh token', async () => {
      let current = await login();
      for (let i = 0; i < 3; i++) current = expectSuccess(await refresh(current)).refresh;
      expect(await isActive(current)).toBe(true);
    });
  });

  describe('reuse detection', () => {
    it('answers invalid_grant when a used refresh token is presented again', async () => {
      const stolen = await login();
      expectSuccess(await refresh(stolen));
      evidence({
        token: stolen,
        clauses: ROTATION_CLAUSES,
        note: 'refresh token replayed after it was rotated',
      });
      expectError(await refresh(stolen), 'invalid_grant');
    });

    it('revokes the newer refresh token of the family on reuse', async () => {
      const stolen = await login();
      const current = expectSuccess(await refresh(stolen)).refresh;
      evidence({
        token: stolen,
        clauses: ROTATION_CLAUSES,
        note: 'replay of a rotated refresh token; the family must die',
      });
      expectError(await refresh(stolen), 'invalid_grant');
      expect(await isActive(current)).toBe(false);
      expectError(await refresh(current), 'invalid_grant');
    });

    it('revokes the grant on reuse with the reason refresh_token_reuse', async () => {
      const { grantId, refreshToken: stolen } = await loginTo();
      expectSuccess(await refresh(stolen));
      evidence({
        token: stolen,
        clauses: ROTATION_CLAUSES,
        note: 'the audit trail says why the session ended',
      });
      expectError(await refresh(stolen), 'invalid_grant');
      expect(server.grants.get(grantId)?.revokedBecause).toBe('refresh_token_reuse');
    });

    it('revokes the access tokens of the family on reuse', async () => {
      const stolen = await login();
      const { access } = expectSuccess(await refresh(stolen));
      expect(await isActive(access)).toBe(true);
      evidence({
        token: stolen,
        clauses: ['RFC 9700 §4.14.2', 'RFC 7009 §2.1'],
        note: 'replay revokes the grant; introspection now reports its access tokens inactive',
      });
      expectError(await refresh(stolen), 'invalid_grant');
      expect(await isActive(access)).toBe(false);
    });
  });

  describe('concurrency', () => {
    it('never lets two parallel refreshes with the same token both leave a usable refresh token', async () => {
      const first = await login();
      race = new Race(2);
      const answers = await Promise.all([refresh(first), refresh(first)]);
      evidence({
        token: first,
        clauses: ['RFC 9700 §4.14.2'],
        note: 'two refreshes racing on one refresh token',
      });
      const winners = answers.filter((answer) => answer.status === 200);
      expect(winners.length, 'parallel refreshes answered 200').toBeLessThanOrEqual(1);
      let usable = 0;
      for (const winner of winners) {
        if ((await refresh(winner.body.refresh_token as string)).status === 200) usable++;
      }
      expect(usable, 'successor refresh tokens that still refresh').toBeLessThanOrEqual(1);
    });

    it('revokes the grant when a used refresh token arrives while the refresh that used it is in flight', async () => {
      const { grantId, refreshToken: first } = await loginTo();
      race = new Race(2);
      const answers = await Promise.all([refresh(first), refresh(first)]);
      evidence({
        token: first,
        clauses: ROTATION_CLAUSES,
        note: 'two refreshes racing on one refresh token: whichever comes second presents a used token',
      });
      expect(server.grants.get(grantId)?.revokedBecause, 'why the grant was revoked').toBe(
        'refresh_token_reuse',
      );
      // Whichever request won the race, what it was given no longer refreshes.
      for (const answer of answers) {
        if (answer.status !== 200) expectError(answer, 'invalid_grant');
        else expectError(await refresh(answer.body.refresh_token as string), 'invalid_grant');
      }
    });
  });

  describe('lifetimes', () => {
    it('keeps refreshing while each refresh token is used within its idle lifetime', async () => {
      let current = await login();
      for (let elapsed = 0; elapsed + 500 < GRANT_LIFETIME; elapsed += 500) {
        await labClock().advance(500);
        current = expectSuccess(await refresh(current)).refresh;
      }
    });

    it('accepts a refresh token used one second before its idle lifetime ends', async () => {
      const idle = expectSuccess(await refresh(await login())).refresh;
      await labClock().advance(IDLE_LIFETIME - 1);
      expectSuccess(await refresh(idle));
    });

    it('refuses a refresh token whose idle lifetime ends while the request is in flight', async () => {
      const idle = expectSuccess(await refresh(await login())).refresh;
      await labClock().advance(IDLE_LIFETIME - 1);
      // The request arrived in time; the idle lifetime ends before the handler consumes the token.
      inFlight = async (ctx) => {
        await labClock().advance(2);
        return ctx;
      };
      evidence({
        token: idle,
        clauses: ['RFC 9700 §4.14.2'],
        note: `refresh token consumed ${IDLE_LIFETIME + 1} s after it was issued: consume answers expired`,
      });
      expectError(await refresh(idle), 'invalid_grant');
    });

    it('refuses a refresh after the grant was revoked, even while the refresh-token store still answers ok', async () => {
      const { grantId, refreshToken } = await loginTo();
      inFlight = async (ctx) => {
        ctx.grants.revoke(grantId, 'logout');
        return { ...ctx, refreshTokens: laggingReplica(ctx.refreshTokens) };
      };
      evidence({
        token: refreshToken,
        clauses: ['OWASP ASVS 5.0 §10.4.8', 'RFC 7009 §2.1'],
        note: 'the user logged out; the refresh-token replica has not heard of it yet',
      });
      expectError(await refresh(refreshToken), 'invalid_grant');
    });

    it('refuses a refresh token left unused past its idle lifetime', async () => {
      const used = expectSuccess(await refresh(await login())).refresh;
      const idle = expectSuccess(await refresh(await login())).refresh;
      const kept = new Map<string, RefreshRecord>();
      for (const token of [used, idle]) {
        const record = server.refreshTokens.find(token);
        if (record) kept.set(token, { ...record });
      }
      // The store still holds every record past its lifetime, so consume answers expired rather than unknown.
      inFlight = async (ctx) => ({ ...ctx, refreshTokens: lazilyExpiringReplica(ctx.refreshTokens, kept) });
      await labClock().advance(IDLE_LIFETIME - 1);
      expectSuccess(await refresh(used));
      await labClock().advance(2);
      evidence({
        token: idle,
        clauses: ['RFC 9700 §4.14.2'],
        note: `rotated refresh token unused for ${IDLE_LIFETIME + 1} s, its record still in the store`,
      });
      expectError(await refresh(idle), 'invalid_grant');
      // Presented again once the server's own store has forgotten it.
      inFlight = undefined;
      expectError(await refresh(idle), 'invalid_grant');
    });

    it("refuses to refresh past the grant's absolute lifetime, however often it was rotated", async () => {
      let current = await login();
      for (let elapsed = 0; elapsed + 500 < GRANT_LIFETIME; elapsed += 500) {
        await labClock().advance(500);
        current = expectSuccess(await refresh(current)).refresh;
      }
      await labClock().advance(GRANT_LIFETIME - 1500 + 1);
      evidence({
        token: current,
        clauses: ['OWASP ASVS 5.0 §10.4.8'],
        note: 'fresh refresh token of a grant past its absolute end',
      });
      expectError(await refresh(current), 'invalid_grant');
    });
  });

  describe('binding', () => {
    it('refuses a refresh token presented by another client', async () => {
      for (const owner of OWNERS) {
        const { refreshToken: stolen } = await loginTo({ client: owner });
        for (const thief of [CLIENTS.app, ...LOOK_ALIKES].filter((client) => client !== owner)) {
          evidence({
            token: stolen,
            clauses: ['RFC 6749 §6', 'RFC 9700 §4.14.2'],
            note: `refresh token of ${owner.id} presented by the ${kind(thief)} client ${thief.id}`,
          });
          expectError(await refresh(stolen, {}, thief), 'invalid_grant', `${kind(thief)} client ${thief.id}`);
        }
      }
    });

    it('leaves the refresh token usable by its own client after another client tried it', async () => {
      const first = await login();
      for (const thief of LOOK_ALIKES)
        expectError(await refresh(first, {}, thief), 'invalid_grant', `${kind(thief)} client ${thief.id}`);
      expectSuccess(await refresh(first));
    });

    it("refuses another client without naming the token's client, user or grant", async () => {
      const { grantId, refreshToken } = await loginTo();
      for (const thief of [CLIENTS.other, CLIENTS.otherPublic]) {
        const answer = await refresh(refreshToken, {}, thief);
        evidence({
          token: refreshToken,
          clauses: ['RFC 6749 §5.2', 'RFC 6750 §3.1'],
          note: `the refusal must not tell the ${kind(thief)} client ${thief.id} whose token it holds (body or header)`,
        });
        expectError(answer, 'invalid_grant', `${kind(thief)} client ${thief.id}`);
        const said = JSON.stringify([answer.body, answer.headers]);
        const owner = {
          "the token's client": CLIENTS.app.id,
          'its user': 'user-alice',
          'its grant': grantId,
        };
        for (const [what, secret] of Object.entries(owner))
          expect(said.includes(secret), `${what} named in the answer to ${thief.id}`).toBe(false);
      }
    });

    it('gives a refresh for one resource of the grant an access token for that resource only', async () => {
      const { refreshToken } = await loginTo({ audience: [DEFAULT_AUDIENCE, BILLING] });
      const { access } = expectSuccess(await refresh(refreshToken, { resource: BILLING }));
      evidence({
        token: access,
        clauses: ['RFC 8707 §2', 'RFC 8725 §3.9'],
        note: `refresh asked for ${BILLING} only; the access token must not be valid at the other API`,
      });
      expect([decodeJwt(access).aud].flat()).toEqual([BILLING]);
    });

    it('allows a refresh that narrows the scope', async () => {
      const issued = await server.issueTokens({
        clientId: CLIENTS.app.id,
        sub: 'user-alice',
        scope: ['read', 'write'],
        refreshToken: true,
      });
      const answer = await refresh(issued.refreshToken as string, {
        scope: 'read',
      });
      expectSuccess(answer);
      expect(answer.body.scope).toBe('read');
    });

    it('refuses a refresh that asks for a scope beyond the consented one', async () => {
      // The client is registered for read and write; only the grant says what the user consented to.
      for (const scope of [['read'], []]) {
        const { refreshToken } = await loginTo({ scope });
        evidence({
          clauses: ['RFC 6749 §6'],
          note: `refresh asks for read write on a grant that consented to ${scope.join(' ') || 'no scope'}`,
        });
        expectError(await refresh(refreshToken, { scope: 'read write' }), 'invalid_scope');
      }
    });

    it('refuses a refresh that asks for a resource outside the grant', async () => {
      // The client is registered for both APIs; only the grant says which the user consented to.
      for (const [audience, asked] of [
        [[DEFAULT_AUDIENCE], BILLING],
        [[], DEFAULT_AUDIENCE],
      ] as const) {
        const { refreshToken } = await loginTo({ audience: [...audience] });
        evidence({
          clauses: ['RFC 8707 §2', 'RFC 9700 §4.14.2'],
          note: `refresh asks for ${asked}, outside a grant for ${audience.join(' ') || 'no resource'}`,
        });
        expectError(await refresh(refreshToken, { resource: asked }), 'invalid_target');
      }
    });
  });
});
