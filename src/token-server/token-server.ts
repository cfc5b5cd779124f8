import { createVirtualClock, type VirtualClock } from './clock';
import { DEFAULT_GRANTS } from './grants/default-grants';
import type { GrantHandler } from './grants/grant-handler';
import { createKeySet, type KeySet } from './keys/key-set';
import { createRequestLog, type RequestLog } from './network/request-log';
import { tokenOf } from './network/request-log';
import {
  TokenServerConfigSchema,
  type ClientRegistration,
  type SimulatedUser,
  type TokenServerConfig,
  type TokenServerOptions,
} from './options';
import { authorizationServerMetadata } from './endpoints/metadata';
import { createRouter } from './router';
import { endpointUrls, type EndpointUrls, type ServerState } from './server-state';
import { createAccessTokenRegistry, type AccessTokenRegistry } from './stores/access-token-registry';
import { createAuthorizationCodeStore, type AuthorizationCodeStore } from './stores/authorization-code-store';
import { createGrantStore, type Grant, type GrantStore } from './stores/grant-store';
import { createRefreshTokenStore, type RefreshTokenStore } from './stores/refresh-token-store';
import {
  createAccessTokenMinter,
  type AccessTokenInput,
  type IssuedAccessToken,
} from './tokens/access-token';

/** Tokens for a user (or client) minted directly, as if the flow had run: for checks that need them fast. */
export interface IssuedTokens {
  grant: Grant;
  accessToken: IssuedAccessToken;
  /** Present when asked for (`refreshToken: true`). */
  refreshToken: string | undefined;
}

/** A simulated OAuth 2.0 authorization server. */
export interface TokenServer {
  /** Issuer identifier, e.g. `https://as.example.test`. */
  readonly issuer: string;
  /** Default `aud` of access tokens, e.g. `https://api.example.test`. */
  readonly audience: string;
  readonly endpoints: EndpointUrls;
  /** RFC 8414 metadata, as served. */
  metadata(): Record<string, unknown>;
  readonly clock: VirtualClock;
  /** Signing keys and rotation: `add`, `promote`, `rotate`, `retire`, `jwks()`. */
  readonly keys: KeySet;
  readonly config: TokenServerConfig;
  readonly clients: ReadonlyMap<string, ClientRegistration>;
  readonly users: readonly SimulatedUser[];
  /** Handles any request to any endpoint; usable as a `fetch` (`customFetch` for jose and oauth4webapi). */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Every request this server answered (method, URL, status, virtual time, token). */
  readonly log: RequestLog;
  /** Mints an RFC 9068 access token directly (recorded, so introspection and revocation know it). */
  issueAccessToken(input: Partial<AccessTokenInput> & { sub?: string }): Promise<IssuedAccessToken>;
  /** Creates a grant and mints its tokens directly, as a completed code (or client credentials) flow would. */
  issueTokens(input: {
    clientId?: string;
    sub?: string;
    scope?: readonly string[];
    audience?: readonly string[];
    refreshToken?: boolean;
  }): Promise<IssuedTokens>;
  readonly grants: GrantStore;
  readonly refreshTokens: RefreshTokenStore;
  readonly accessTokens: AccessTokenRegistry;
  readonly codes: AuthorizationCodeStore;
  /** Unregisters the server from its simulated network. */
  close(): void;
}

function clientMap(config: TokenServerConfig): Map<string, ClientRegistration> {
  const map = new Map<string, ClientRegistration>();
  for (const client of config.clients)
    map.set(client.id, { ...client, resources: client.resources ?? [config.audience] });
  return map;
}

/**
 * Creates a simulated authorization server (RFC 6749, 7636, 7009, 7662, 8414, 9068, 9700 rotation).
 * Creation is cheap (pre-generated keys): create one per check.
 *
 * @example
 * const server = await createTokenServer({ clock: createVirtualClock() });
 * const response = await server.fetch(new Request(server.endpoints.token, {
 *   method: 'POST',
 *   headers: { authorization: 'Basic ' + btoa('lab-client:lab-client-secret'), 'content-type': 'application/x-www-form-urlencoded' },
 *   body: 'grant_type=client_credentials&scope=read',
 * }));
 */
export async function createTokenServer(options: TokenServerOptions = {}): Promise<TokenServer> {
  const { clock = createVirtualClock(), network, grants: customGrants, ...data } = options;
  const config = TokenServerConfigSchema.parse(data);
  const clients = clientMap(config);
  const keys = await createKeySet(config.algorithm, clock);
  const accessTokens = createAccessTokenRegistry(clock);
  const grants = createGrantStore(clock);
  const refreshTokens = createRefreshTokenStore(clock);
  grants.onRevoke((grant) => {
    refreshTokens.revokeGrant(grant.id);
    accessTokens.revokeGrant(grant.id);
  });
  const handlers: Record<string, GrantHandler> = { ...DEFAULT_GRANTS, ...customGrants };
  const state: ServerState = {
    config,
    issuer: config.issuer,
    endpoints: endpointUrls(config.issuer),
    clock,
    keys,
    clients,
    users: config.users,
    grants,
    refreshTokens,
    accessTokens,
    codes: createAuthorizationCodeStore(clock),
    minter: createAccessTokenMinter({
      issuer: config.issuer,
      keys,
      clock,
      registry: accessTokens,
      defaultLifetime: config.lifetimes.accessToken,
    }),
    handlers,
  };
  const route = createRouter(state);
  const log = createRequestLog();

  async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    for (const store of [grants, refreshTokens, accessTokens, state.codes]) store.prune();
    const time = clock.now().toISOString();
    const token = await tokenOf(request);
    const response = await route(request);
    log.record({
      method: request.method,
      url: request.url,
      status: response.status,
      time,
      ...(token ? { token } : {}),
    });
    return response;
  }

  const unregister = network?.register(config.issuer, (request) => fetch(request));
  const defaultClient = config.clients[0]?.id ?? 'lab-client';
  const defaultSub = config.defaultUser ?? config.users[0]?.id ?? 'user';

  return {
    issuer: config.issuer,
    audience: config.audience,
    endpoints: state.endpoints,
    metadata: () => authorizationServerMetadata(state),
    clock,
    keys,
    config,
    clients,
    users: config.users,
    fetch,
    log,
    issueAccessToken: (input) =>
      state.minter.mint({
        clientId: input.clientId ?? defaultClient,
        sub: input.sub ?? defaultSub,
        scope: input.scope ?? [],
        audience: input.audience ?? config.audience,
        ...(input.grantId !== undefined ? { grantId: input.grantId } : {}),
        ...(input.expiresIn !== undefined ? { expiresIn: input.expiresIn } : {}),
        ...(input.claims !== undefined ? { claims: input.claims } : {}),
      }),
    async issueTokens(input) {
      const clientId = input.clientId ?? defaultClient;
      const client = clients.get(clientId);
      const grant = grants.create({
        clientId,
        sub: input.sub ?? defaultSub,
        scope: input.scope ?? client?.scopes ?? [],
        resources: input.audience ?? client?.resources ?? [config.audience],
        lifetime: config.lifetimes.grant,
      });
      const accessToken = await state.minter.mint({
        clientId,
        sub: grant.sub,
        scope: grant.scope,
        audience: grant.resources,
        grantId: grant.id,
      });
      const refreshToken = input.refreshToken
        ? refreshTokens.issue(grant, config.lifetimes.refreshToken).token
        : undefined;
      return { grant, accessToken, refreshToken };
    },
    grants,
    refreshTokens,
    accessTokens,
    codes: state.codes,
    close: () => unregister?.(),
  };
}
