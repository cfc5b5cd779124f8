/**
 * The simulated OAuth 2.0 / JWT authorization server: Web APIs and jose only, so the same code runs in the lab
 * worker and in Node. See createTokenServer.
 */
export { createTokenServer, type TokenServer } from './token-server';
export type { IssuedTokens, IssueTokensInput } from './tokens/direct-issuance';
export {
  ClientRegistrationSchema,
  DEFAULT_AUDIENCE,
  DEFAULT_CLIENTS,
  DEFAULT_ISSUER,
  DEFAULT_USERS,
  LifetimesSchema,
  SimulatedUserSchema,
  TokenServerConfigSchema,
  type ClientRegistration,
  type Lifetimes,
  type SimulatedUser,
  type TokenServerConfig,
  type TokenServerOptions,
} from './options';
export { ClockError, LAB_EPOCH, createVirtualClock, type ClockErrorCode, type VirtualClock } from './clock';
export {
  OAuthError,
  oauthError,
  oauthErrorResponse,
  type OAuthErrorCode,
  type OAuthErrorOptions,
} from './errors';
export type { GrantContext, GrantHandler, TokenResponseBody } from './grants/grant-handler';
export { DEFAULT_GRANTS } from './grants/default-grants';
export type { EndpointUrls } from './server-state';
export type { Grant, GrantStore } from './stores/grant-store';
export type { ConsumeResult, RefreshTokenRecord, RefreshTokenStore } from './stores/refresh-token-store';
export type { AccessTokenRecord, AccessTokenRegistry } from './stores/access-token-registry';
export type { AccessTokenInput, IssuedAccessToken } from './tokens/access-token';
export * from './keys';
export * from './network';
