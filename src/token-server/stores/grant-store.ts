import type { VirtualClock } from '../clock';
import { opaqueToken } from './opaque-token';
import { pruneMap } from './store-limits';

/**
 * A grant: one authorisation a user (or, for client credentials, the client itself) gave a client. Refresh tokens
 * and access tokens belong to it; revoking it revokes the whole family (RFC 9700 §4.14.2, RFC 7009 §2.1).
 */
export interface Grant {
  readonly id: string;
  readonly clientId: string;
  /** The resource owner's `sub` (the client id for client credentials, RFC 9068 §2.2). */
  readonly sub: string;
  /** The consented scope; refreshes may narrow it, never widen it (RFC 6749 §6). */
  readonly scope: readonly string[];
  /** The audiences (RFC 8707 resources) tokens of this grant may carry. */
  readonly resources: readonly string[];
  readonly createdAt: number;
  /** Absolute end of the grant (ms); rotation never extends it. */
  readonly expiresAt: number;
  revokedAt: number | undefined;
  /** Why it was revoked, for the network panel and checks: `revoked`, `refresh_token_reuse`, `code_reuse`. */
  revokedBecause: string | undefined;
}

interface GrantInput {
  clientId: string;
  sub: string;
  scope: readonly string[];
  resources: readonly string[];
  /** Lifetime in seconds. */
  lifetime: number;
}

export interface GrantStore {
  create(input: GrantInput): Grant;
  get(id: string): Grant | undefined;
  /** Known, not revoked and not past its absolute expiry. */
  isActive(grant: Grant): boolean;
  /** Revokes the grant and notifies listeners (which revoke its refresh and access tokens). Idempotent. */
  revoke(id: string, because?: string): void;
  onRevoke(listener: (grant: Grant) => void): void;
  prune(): void;
  readonly size: number;
}

export function createGrantStore(clock: VirtualClock): GrantStore {
  const grants = new Map<string, Grant>();
  const listeners: ((grant: Grant) => void)[] = [];
  // Keep a grant a day past its end so late presentations of its tokens still find the revocation.
  const dead = (grant: Grant) => clock.nowMs() > grant.expiresAt + 86_400_000;
  return {
    create(input) {
      const now = clock.nowMs();
      const grant: Grant = {
        id: opaqueToken('grant_'),
        clientId: input.clientId,
        sub: input.sub,
        scope: [...input.scope],
        resources: [...input.resources],
        createdAt: now,
        expiresAt: now + input.lifetime * 1000,
        revokedAt: undefined,
        revokedBecause: undefined,
      };
      grants.set(grant.id, grant);
      return grant;
    },
    get: (id) => grants.get(id),
    isActive: (grant) => grant.revokedAt === undefined && clock.nowMs() < grant.expiresAt,
    revoke(id, because = 'revoked') {
      const grant = grants.get(id);
      if (!grant || grant.revokedAt !== undefined) return;
      grant.revokedAt = clock.nowMs();
      grant.revokedBecause = because;
      for (const listener of listeners) listener(grant);
    },
    onRevoke(listener) {
      listeners.push(listener);
    },
    prune: () => pruneMap(grants, dead),
    get size() {
      return grants.size;
    },
  };
}
