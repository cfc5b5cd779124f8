import type { JSONWebKeySet } from 'jose';
import type { VirtualClock } from '../clock';
import type { SigningAlgorithm } from './algorithms';
import { KeyError } from './key-error';
import { loadSimulationKey, type SigningKey } from './signing-key';

/**
 * Lifecycle of a key (RFC 7517 key rotation with overlap):
 * - `published`: in the JWKS, not yet signing, so relying parties can cache it before it is used;
 * - `signing`: the one key new tokens are signed with (also published);
 * - `retiring`: no longer signing but still published, so tokens it signed keep verifying;
 * - `retired`: removed from the JWKS; tokens it signed no longer verify anywhere.
 */
type KeyStatus = 'published' | 'signing' | 'retiring' | 'retired';

interface ManagedKey {
  readonly key: SigningKey;
  readonly status: KeyStatus;
  /** Virtual time (ms) the key was added, promoted, retired. */
  readonly addedAt: number;
  readonly promotedAt: number | undefined;
  readonly retiredAt: number | undefined;
  /** Latest `exp` (ms) of any token this key signed: retiring it before then breaks live tokens. */
  readonly lastTokenExpiresAt: number | undefined;
}

export interface KeySet {
  readonly alg: SigningAlgorithm;
  /** The key new tokens are signed with. */
  signingKey(): SigningKey;
  /** Every key ever added, oldest first, with its status. */
  list(): readonly ManagedKey[];
  /** A key that may still verify tokens (any status but `retired`). */
  verificationKey(kid: string): SigningKey | undefined;
  /** The public JWKS: `published`, `signing` and `retiring` keys, public members only, each with `kid`, `alg`, `use`. */
  jwks(): JSONWebKeySet;
  /** Adds the next key as `published` (not signing yet) and returns it. */
  add(): Promise<SigningKey>;
  /** Makes `kid` the signing key; the previous signing key becomes `retiring` and stays published. */
  promote(kid: string): void;
  /** `add()` then `promote()` in one step (no pre-publication: caches meet the new `kid` with its first token). */
  rotate(): Promise<SigningKey>;
  /** Removes `kid` from the JWKS. The signing key cannot be retired: promote another first. */
  retire(kid: string): void;
  /** True once every token `kid` signed has expired, i.e. retiring it breaks nothing. */
  safeToRetire(kid: string): boolean;
  /** Records that `kid` signed a token expiring at `expiresAtMs` (the server calls this when minting). */
  noteSigned(kid: string, expiresAtMs: number): void;
}

interface Entry {
  key: SigningKey;
  status: KeyStatus;
  addedAt: number;
  promotedAt: number | undefined;
  retiredAt: number | undefined;
  lastTokenExpiresAt: number | undefined;
}

/** A key set starting with the first simulation key for `alg` as its signing key. */
export async function createKeySet(alg: SigningAlgorithm, clock: VirtualClock): Promise<KeySet> {
  const entries: Entry[] = [];
  let nextIndex = 0;

  function nextKey(): Promise<SigningKey> {
    return loadSimulationKey(alg, nextIndex++);
  }

  function find(kid: string): Entry {
    const entry = entries.find((e) => e.key.kid === kid);
    if (!entry) throw new KeyError('ERR_KEY_UNKNOWN_KID', `key set: no key with kid "${kid}"`);
    return entry;
  }

  const first = await nextKey();
  const startedAt = clock.nowMs();
  entries.push({
    key: first,
    status: 'signing',
    addedAt: startedAt,
    promotedAt: startedAt,
    retiredAt: undefined,
    lastTokenExpiresAt: undefined,
  });

  const set: KeySet = {
    alg,
    signingKey() {
      const entry = entries.find((e) => e.status === 'signing');
      if (!entry) throw new KeyError('ERR_KEY_UNKNOWN_KID', 'key set: no signing key');
      return entry.key;
    },
    list: () => entries.map((e) => ({ ...e })),
    verificationKey(kid) {
      return entries.find((e) => e.key.kid === kid && e.status !== 'retired')?.key;
    },
    jwks() {
      const keys = entries
        .filter((e) => e.status !== 'retired' && e.key.publicJwk)
        .map((e) => ({ ...e.key.publicJwk }));
      return { keys };
    },
    async add() {
      const key = await nextKey();
      entries.push({
        key,
        status: 'published',
        addedAt: clock.nowMs(),
        promotedAt: undefined,
        retiredAt: undefined,
        lastTokenExpiresAt: undefined,
      });
      return key;
    },
    promote(kid) {
      const entry = find(kid);
      if (entry.status === 'retired') throw new KeyError('ERR_KEY_RETIRED', `key set: "${kid}" is retired`);
      if (entry.status === 'signing') return;
      for (const other of entries) if (other.status === 'signing') other.status = 'retiring';
      entry.status = 'signing';
      entry.promotedAt = clock.nowMs();
    },
    async rotate() {
      const key = await set.add();
      set.promote(key.kid);
      return key;
    },
    retire(kid) {
      const entry = find(kid);
      if (entry.status === 'signing') {
        throw new KeyError(
          'ERR_KEY_IS_SIGNING',
          `key set: "${kid}" is the signing key; promote another key first`,
        );
      }
      if (entry.status === 'retired') return;
      entry.status = 'retired';
      entry.retiredAt = clock.nowMs();
    },
    safeToRetire(kid) {
      const entry = find(kid);
      return (
        entry.status !== 'signing' &&
        (entry.lastTokenExpiresAt === undefined || clock.nowMs() >= entry.lastTokenExpiresAt)
      );
    },
    noteSigned(kid, expiresAtMs) {
      const entry = find(kid);
      entry.lastTokenExpiresAt = Math.max(entry.lastTokenExpiresAt ?? 0, expiresAtMs);
    },
  };
  return set;
}
