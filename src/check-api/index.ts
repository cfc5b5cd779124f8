/**
 * `@lab/server`: the one module lab checks import the simulation from. The runner resets the run context before
 * each check; checks create servers, move the clock, and record evidence through these exports.
 */
export { createTokenServer } from './lab-token-server';
export {
  disposeRunContext,
  evidence,
  hasRunContext,
  labClock,
  labNetwork,
  labRandom,
  realTimers,
  resetRunContext,
  takeEvidence,
  RunContextError,
  type LabRandom,
  type ResetRunContextOptions,
  type RunContextErrorCode,
} from './run-context';
export type { EvidenceInput } from './evidence';
export { untilIdle } from './until-idle';
export {
  DEFAULT_AUDIENCE,
  DEFAULT_CLIENTS,
  DEFAULT_ISSUER,
  DEFAULT_USERS,
  ClockError,
  KeyError,
  LAB_EPOCH,
  OAuthError,
  RequestLogEntrySchema,
  createSimulatedNetwork,
  createVirtualClock,
  LabNetworkError,
  loadSimulationKey,
  oauthError,
  type AccessTokenRecord,
  type ClientRegistration,
  type ClockErrorCode,
  type KeyErrorCode,
  type RefreshTokenRecord,
  type RefreshTokenStore,
  type GrantStore,
  type ConsumeResult,
  type Grant,
  type GrantContext,
  type GrantHandler,
  type AccessTokenType,
  type IdTokenInput,
  type IssuedAccessToken,
  type IssuedIdToken,
  type IssuedTokens,
  type KeySet,
  type LabNetworkErrorCode,
  type OAuthErrorCode,
  type OAuthErrorValue,
  type RequestLogEntry,
  type SigningAlgorithm,
  type SigningKey,
  type SimulatedNetwork,
  type SimulatedUser,
  type TokenResponseBody,
  type TokenServer,
  type TokenServerOptions,
  type VirtualClock,
} from '../token-server';
export * from './attacker';
export * from './microservices';
export { snapshot, SnapshotError, SNAPSHOT_LIMITS, isPlatformResponse, type Plain } from './snapshot';
export { forLearner } from './for-learner';
export { CheckFailure, type CheckFailureCode } from './check-failure';
export { settle, snapshotThrown, type Settled, type ThrownSnapshot } from './settle';
export {
  expectAccepted,
  expectRejected,
  expectStatus,
  parseChallenge,
  type LearnerCall,
  type RejectedOptions,
  type ResponseSnapshot,
  type StatusOptions,
} from './expectations';
