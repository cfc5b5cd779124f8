/**
 * The simulated OAuth 2.0 / JWT authorization server: Web APIs and jose only, so the same code runs in the lab
 * worker and in Node. See createTokenServer.
 */
export { createTokenServer, type TokenServer } from './token-server';
export type { IssuedTokens } from './tokens/direct-issuance';
export {
  DEFAULT_AUDIENCE,
  DEFAULT_CLIENTS,
  DEFAULT_ISSUER,
  DEFAULT_USERS,
  type ClientRegistration,
  type SimulatedUser,
  type TokenServerOptions,
} from './options';
export { ClockError, LAB_EPOCH, createVirtualClock, type ClockErrorCode, type VirtualClock } from './clock';
export { OAuthError, oauthError, type OAuthErrorCode, type OAuthErrorValue } from './errors';
export type { GrantContext, GrantHandler, TokenResponseBody } from './grants/grant-handler';
export type { Grant, GrantStore } from './stores/grant-store';
export type { ConsumeResult, RefreshTokenRecord, RefreshTokenStore } from './stores/refresh-token-store';
export type { AccessTokenRecord } from './stores/access-token-registry';
export type { AccessTokenType, IssuedAccessToken } from './tokens/access-token';
export type { IdTokenInput, IssuedIdToken } from './tokens/id-token';
export * from './keys';
export * from './network';
