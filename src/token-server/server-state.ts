import type { VirtualClock } from './clock';
import type { GrantHandler } from './grants/grant-handler';
import type { KeySet } from './keys/key-set';
import type { ClientRegistration, SimulatedUser, TokenServerConfig } from './options';
import type { AccessTokenRegistry } from './stores/access-token-registry';
import type { AuthorizationCodeStore } from './stores/authorization-code-store';
import type { GrantStore } from './stores/grant-store';
import type { RefreshTokenStore } from './stores/refresh-token-store';
import type { AccessTokenMinter } from './tokens/access-token';

/** Absolute URLs of the server's endpoints, all under the issuer. */
export interface EndpointUrls {
  metadata: string;
  jwks: string;
  authorize: string;
  token: string;
  revoke: string;
  introspect: string;
}

/** What every endpoint reads: the validated configuration and the live stores. */
export interface ServerState {
  readonly config: TokenServerConfig;
  readonly issuer: string;
  readonly endpoints: EndpointUrls;
  readonly clock: VirtualClock;
  readonly keys: KeySet;
  readonly clients: ReadonlyMap<string, ClientRegistration>;
  readonly users: readonly SimulatedUser[];
  readonly grants: GrantStore;
  readonly refreshTokens: RefreshTokenStore;
  readonly accessTokens: AccessTokenRegistry;
  readonly codes: AuthorizationCodeStore;
  readonly minter: AccessTokenMinter;
  readonly handlers: Readonly<Record<string, GrantHandler>>;
}

/** RFC 8414 §3: the metadata lives at the origin, with the well-known segment inserted before the issuer's path. */
export function endpointUrls(issuer: string): EndpointUrls {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  const base = `${url.origin}${path}`;
  return {
    metadata: `${url.origin}/.well-known/oauth-authorization-server${path}`,
    jwks: `${base}/.well-known/jwks.json`,
    authorize: `${base}/authorize`,
    token: `${base}/token`,
    revoke: `${base}/revoke`,
    introspect: `${base}/introspect`,
  };
}
