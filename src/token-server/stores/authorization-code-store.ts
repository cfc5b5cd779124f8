import type { VirtualClock } from '../clock';
import { opaqueToken } from './opaque-token';
import { pruneMap } from './store-limits';

/** An authorization code (RFC 6749 §4.1.2) and everything the token request must match. */
interface AuthorizationCodeRecord {
  readonly code: string;
  readonly clientId: string;
  readonly redirectUri: string;
  /** PKCE S256 challenge (RFC 7636 §4.2). */
  readonly codeChallenge: string;
  readonly sub: string;
  readonly scope: readonly string[];
  readonly resources: readonly string[];
  readonly expiresAt: number;
  /** Set on first redemption: a second one is a replay (RFC 6749 §4.1.2 says revoke what the code issued). */
  redeemedGrantId: string | undefined;
  redeemed: boolean;
}

type CodeInput = Omit<AuthorizationCodeRecord, 'code' | 'expiresAt' | 'redeemed' | 'redeemedGrantId'>;

export interface AuthorizationCodeStore {
  issue(input: CodeInput, lifetime: number): AuthorizationCodeRecord;
  find(code: string): AuthorizationCodeRecord | undefined;
  isExpired(record: AuthorizationCodeRecord): boolean;
  /**
   * Marks the code used and remembers the grant it produced (call synchronously after `find`). Takes the code,
   * not a record: what `find` hands a grant handler is a copy (handler-view.ts), the store's record stays here.
   */
  redeem(code: string, grantId: string): void;
  prune(): void;
  readonly size: number;
}

export function createAuthorizationCodeStore(clock: VirtualClock): AuthorizationCodeStore {
  const codes = new Map<string, AuthorizationCodeRecord>();
  // Redeemed codes are kept a while past expiry so a replay can still revoke the grant it produced.
  const dead = (record: AuthorizationCodeRecord) => clock.nowMs() > record.expiresAt + 600_000;
  return {
    issue(input, lifetime) {
      const record: AuthorizationCodeRecord = {
        ...input,
        code: opaqueToken('code_'),
        expiresAt: clock.nowMs() + lifetime * 1000,
        redeemed: false,
        redeemedGrantId: undefined,
      };
      codes.set(record.code, record);
      return record;
    },
    find: (code) => codes.get(code),
    isExpired: (record) => clock.nowMs() >= record.expiresAt,
    redeem(code, grantId) {
      const record = codes.get(code);
      if (!record) return;
      record.redeemed = true;
      record.redeemedGrantId = grantId;
    },
    prune: () => pruneMap(codes, dead),
    get size() {
      return codes.size;
    },
  };
}
