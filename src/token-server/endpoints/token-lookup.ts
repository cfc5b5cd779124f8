import type { ServerState } from '../server-state';
import type { AccessTokenRecord } from '../stores/access-token-registry';
import type { RefreshTokenRecord } from '../stores/refresh-token-store';
import { activeAccessToken } from '../tokens/own-token-verifier';

export type FoundToken =
  | { kind: 'access_token'; record: AccessTokenRecord }
  | { kind: 'refresh_token'; record: RefreshTokenRecord }
  | undefined;

async function asAccessToken(token: string, state: ServerState): Promise<FoundToken> {
  const record = await activeAccessToken(token, { ...state, registry: state.accessTokens });
  return record ? { kind: 'access_token', record } : undefined;
}

function asRefreshToken(token: string, state: ServerState): FoundToken {
  const record = state.refreshTokens.find(token);
  if (!record || !state.refreshTokens.isActive(record)) return undefined;
  const grant = state.grants.get(record.grantId);
  if (!grant || !state.grants.isActive(grant)) return undefined;
  return { kind: 'refresh_token', record };
}

/**
 * The active token `token` is, searching the hinted type first and then the other (RFC 7009 §2.1, RFC 7662
 * §2.1: a wrong or unknown hint must not stop the search).
 */
export async function findActiveToken(
  token: string,
  hint: string | null,
  state: ServerState,
): Promise<FoundToken> {
  if (hint === 'refresh_token') return asRefreshToken(token, state) ?? (await asAccessToken(token, state));
  return (await asAccessToken(token, state)) ?? asRefreshToken(token, state);
}
