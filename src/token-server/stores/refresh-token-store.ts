import type { VirtualClock } from '../clock';
import type { Grant } from './grant-store';
import { opaqueToken } from './opaque-token';
import { pruneMap } from './store-limits';

type RefreshTokenStatus = 'active' | 'consumed' | 'revoked';

/** An opaque refresh token (RFC 6749 §1.5) and the grant it belongs to. */
export interface RefreshTokenRecord {
  readonly token: string;
  readonly grantId: string;
  readonly clientId: string;
  readonly issuedAt: number;
  /** Idle expiry (ms): this token's own lifetime, capped by the grant's absolute expiry. */
  readonly expiresAt: number;
  status: RefreshTokenStatus;
  consumedAt: number | undefined;
}

/**
 * The result of {@link RefreshTokenStore.consume}:
 * - `ok`: the token was active and is now consumed (the caller rotates: issue a new one for the same grant);
 * - `reused`: the token was already consumed: a replay (RFC 9700 §4.14.2 says revoke the grant);
 * - `revoked`, `expired`: dead tokens; `unknown`: never issued here (or long pruned).
 */
export type ConsumeResult =
  | { outcome: 'ok'; record: RefreshTokenRecord }
  | { outcome: 'reused'; record: RefreshTokenRecord }
  | { outcome: 'revoked'; record: RefreshTokenRecord }
  | { outcome: 'expired'; record: RefreshTokenRecord }
  | { outcome: 'unknown' };

export interface RefreshTokenStore {
  /** Issues a new active refresh token for `grant`, valid `lifetime` seconds (never past the grant's end). */
  issue(grant: Grant, lifetime: number): RefreshTokenRecord;
  /** Looks a token up without changing it. */
  find(token: string): RefreshTokenRecord | undefined;
  /**
   * Atomically checks and consumes a token: synchronous, so of two concurrent refreshes with the same token
   * exactly one gets `ok` and the other `reused`. Never `await` between a `find` and acting on it instead.
   */
  consume(token: string): ConsumeResult;
  /** Marks every token of the grant revoked. */
  revokeGrant(grantId: string): void;
  /** Active and not expired. */
  isActive(record: RefreshTokenRecord): boolean;
  prune(): void;
  readonly size: number;
}

export function createRefreshTokenStore(clock: VirtualClock): RefreshTokenStore {
  const tokens = new Map<string, RefreshTokenRecord>();
  // Consumed tokens are kept until they would have expired, so a late replay is still detected as reuse.
  const dead = (record: RefreshTokenRecord) => clock.nowMs() >= record.expiresAt;
  return {
    issue(grant, lifetime) {
      const now = clock.nowMs();
      const record: RefreshTokenRecord = {
        token: opaqueToken('rt_'),
        grantId: grant.id,
        clientId: grant.clientId,
        issuedAt: now,
        expiresAt: Math.min(now + lifetime * 1000, grant.expiresAt),
        status: 'active',
        consumedAt: undefined,
      };
      tokens.set(record.token, record);
      return record;
    },
    find: (token) => tokens.get(token),
    consume(token) {
      const record = tokens.get(token);
      if (!record) return { outcome: 'unknown' };
      if (record.status === 'consumed') return { outcome: 'reused', record };
      if (record.status === 'revoked') return { outcome: 'revoked', record };
      if (clock.nowMs() >= record.expiresAt) return { outcome: 'expired', record };
      record.status = 'consumed';
      record.consumedAt = clock.nowMs();
      return { outcome: 'ok', record };
    },
    revokeGrant(grantId) {
      for (const record of tokens.values()) if (record.grantId === grantId) record.status = 'revoked';
    },
    isActive: (record) => record.status === 'active' && clock.nowMs() < record.expiresAt,
    prune: () => pruneMap(tokens, dead),
    get size() {
      return tokens.size;
    },
  };
}
