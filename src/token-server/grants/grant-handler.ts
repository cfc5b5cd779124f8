import type { OAuthErrorValue, OAuthError, OAuthErrorOptions } from '../errors';
import type { ClientRegistration, Lifetimes, SimulatedUser } from '../options';
import type { AuthorizationCodeStore } from '../stores/authorization-code-store';
import type { Grant, GrantStore } from '../stores/grant-store';
import type { RefreshTokenStore } from '../stores/refresh-token-store';
import type { IssuedAccessToken } from '../tokens/access-token';
import type {
  CODE_STORE_MEMBERS,
  GRANT_STORE_MEMBERS,
  ReadonlyClock,
  REFRESH_TOKEN_STORE_MEMBERS,
} from './handler-view';

/** The successful token response (RFC 6749 §5.1). The server adds `Cache-Control: no-store` itself. */
export interface TokenResponseBody {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  [member: string]: unknown;
}

/**
 * Everything a grant handler needs. By the time a handler runs, the server has parsed the form body (each
 * parameter at most once), authenticated the client (RFC 6749 §2.3) and checked that the client may use this
 * `grant_type`. The handler validates its own parameters, changes state through the stores, mints tokens and
 * either returns the response body or throws an {@link OAuthError} (built with `oauthError`).
 */
export interface GrantContext {
  /** The token request's form parameters. Client credentials (`client_id`, `client_secret`) are still present. */
  readonly params: URLSearchParams;
  /** The authenticated client. */
  readonly client: ClientRegistration;
  readonly request: Request;
  readonly issuer: string;
  /** The server's clock, read-only: a handler can tell the time, not move it. */
  readonly clock: ReadonlyClock;
  readonly lifetimes: Lifetimes;
  readonly users: readonly SimulatedUser[];
  /**
   * Grants (token families), as a frozen view: `create`, `get`, `isActive`, `revoke` (revokes every token of the
   * family). Every record a view returns is a frozen copy: a handler changes state only through the methods.
   */
  readonly grants: Pick<GrantStore, (typeof GRANT_STORE_MEMBERS)[number]>;
  /** Opaque refresh tokens: `issue`, `find`, atomic `consume`, `revokeGrant`, `isActive`. */
  readonly refreshTokens: Pick<RefreshTokenStore, (typeof REFRESH_TOKEN_STORE_MEMBERS)[number]>;
  /** Authorization codes issued by `/authorize`: `find`, `isExpired`, `redeem`. */
  readonly codes: Pick<AuthorizationCodeStore, (typeof CODE_STORE_MEMBERS)[number]>;
  /** The `resource` parameters (RFC 8707), possibly several. */
  readonly resources: readonly string[];
  /**
   * Mints an RFC 9068 access token for `grant`: its `sub`, client and audiences; `scope` defaults to the grant's
   * (pass a narrower one on refresh), `audience` to the grant's resources.
   */
  issueAccessToken(
    grant: Grant,
    options?: { scope?: readonly string[]; audience?: readonly string[] },
  ): Promise<IssuedAccessToken>;
  /** Issues a new opaque refresh token for `grant` (idle lifetime `lifetimes.refreshToken`, capped by the grant). */
  issueRefreshToken(grant: Grant): string;
  /** The scope to grant, from the request's `scope` and what is `allowed`; throws `invalid_scope`. */
  resolveScope(allowed: readonly string[]): string[];
  /** The audiences to grant, from the request's `resource`s and what is `allowed`; throws `invalid_target`. */
  resolveResources(allowed: readonly string[]): string[];
  /** Builds the error to throw: `throw oauthError('invalid_grant', 'refresh token already used')`. */
  oauthError(error: OAuthErrorValue, description: string, options?: OAuthErrorOptions): OAuthError;
}

/**
 * A token endpoint grant handler: one per `grant_type`, replaceable through `createTokenServer({ grants })`.
 *
 * @example A client-credentials handler (RFC 6749 §4.4): the client acts for itself, so no refresh token.
 * ```ts
 * const clientCredentials: GrantHandler = async (ctx) => {
 *   if (ctx.client.secret === undefined) throw ctx.oauthError('unauthorized_client', 'public clients cannot use this grant');
 *   const grant = ctx.grants.create({
 *     clientId: ctx.client.id,
 *     sub: ctx.client.id,
 *     scope: ctx.resolveScope(ctx.client.scopes),
 *     resources: ctx.resolveResources(ctx.client.resources ?? []),
 *     lifetime: ctx.lifetimes.accessToken,
 *   });
 *   const access = await ctx.issueAccessToken(grant);
 *   return { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn, scope: access.scope };
 * };
 * const server = await createTokenServer({ grants: { client_credentials: clientCredentials } });
 * ```
 */
export type GrantHandler = (context: GrantContext) => Promise<TokenResponseBody> | TokenResponseBody;
