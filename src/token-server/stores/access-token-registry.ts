import type { VirtualClock } from '../clock';
import { pruneMap } from './store-limits';

/** What the server remembers of each access token it issued: enough to answer introspection and revocation. */
export interface AccessTokenRecord {
  readonly jti: string;
  readonly grantId: string | undefined;
  readonly clientId: string;
  readonly sub: string;
  readonly scope: readonly string[];
  readonly audience: readonly string[];
  /** NumericDate seconds. */
  readonly iat: number;
  readonly exp: number;
  readonly kid: string;
  revoked: boolean;
}

export interface AccessTokenRegistry {
  add(record: Omit<AccessTokenRecord, 'revoked'>): AccessTokenRecord;
  get(jti: string): AccessTokenRecord | undefined;
  revoke(jti: string): void;
  /** RFC 7009 §2.1: revoking a refresh token SHOULD invalidate the grant's access tokens too. */
  revokeGrant(grantId: string): void;
  prune(): void;
  readonly size: number;
}

export function createAccessTokenRegistry(clock: VirtualClock): AccessTokenRegistry {
  const records = new Map<string, AccessTokenRecord>();
  // Once past exp a token is inactive whatever the registry says, so forgetting it loses nothing.
  const dead = (record: AccessTokenRecord) => clock.nowSeconds() >= record.exp;
  return {
    add(input) {
      const record: AccessTokenRecord = { ...input, revoked: false };
      records.set(record.jti, record);
      return record;
    },
    get: (jti) => records.get(jti),
    revoke(jti) {
      const record = records.get(jti);
      if (record) record.revoked = true;
    },
    revokeGrant(grantId) {
      for (const record of records.values()) if (record.grantId === grantId) record.revoked = true;
    },
    prune: () => pruneMap(records, dead),
    get size() {
      return records.size;
    },
  };
}
