import { createVirtualClock, type VirtualClock } from './clock';
import { DEFAULT_GRANTS } from './grants/default-grants';
import type { GrantHandler } from './grants/grant-handler';
import { createKeySet, type KeySet } from './keys/key-set';
import { createRequestLog, tokenIn, type RequestLog } from './network/request-log';
import { formRead } from './http/read-form';
import {
  parseTokenServerConfig,
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
import { createGrantStore, type GrantStore } from './stores/grant-store';
import { createRefreshTokenStore, type RefreshTokenStore } from './stores/refresh-token-store';
import { createAccessTokenMinter } from './tokens/access-token';
import { createDirectIssuance, type DirectIssuance } from './tokens/direct-issuance';

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
  issueAccessToken: DirectIssuance['issueAccessToken'];
  /** Creates a grant and mints its tokens directly, as a completed code (or client credentials) flow would. */
  issueTokens: DirectIssuance['issueTokens'];
  /** Mints an OpenID Connect ID token (`typ: JWT`; nonce, azp when asked) as a completed login would. */
  issueIdToken: DirectIssuance['issueIdToken'];
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
 * Creation is cheap (keys are generated once per process and shared): create one per check.
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
  const config = parseTokenServerConfig(data);
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
    const response = await route(request);
    // The token from the form the endpoint read, if it read one: a copy of the body costs a stream tee and
    // several tasks in a browser, for every request.
    const token = tokenIn(request, formRead(request));
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
  const direct = createDirectIssuance(state);

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
    issueAccessToken: direct.issueAccessToken,
    issueTokens: direct.issueTokens,
    issueIdToken: direct.issueIdToken,
    grants,
    refreshTokens,
    accessTokens,
    codes: state.codes,
    close: () => unregister?.(),
  };
}
