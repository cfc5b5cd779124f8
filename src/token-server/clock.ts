import { CodedError } from '../errors/coded-error';

/**
 * The one notion of "now" the simulation uses. Every time decision of the token server (token `iat`/`exp`,
 * code and refresh-token expiry, store pruning, key rotation timestamps) reads it, so a check can move time
 * instead of waiting.
 *
 * Inside a lab run the clock comes from `@lab/server`'s run context, which also drives the global `Date` and
 * timers; a bare `createVirtualClock()` is frozen until moved and touches no global.
 */
export interface VirtualClock {
  /** The current virtual time. */
  now(): Date;
  /** The current virtual time in milliseconds since the epoch. */
  nowMs(): number;
  /** The current virtual time as an RFC 7519 NumericDate (whole seconds). */
  nowSeconds(): number;
  /**
   * Moves time forward by `seconds` (fractions allowed). Clocks that drive timers run every timer that falls
   * due, in order, letting promise callbacks settle between them: always `await` it.
   */
  advance(seconds: number): Promise<void>;
  /** Jumps to `date` (forwards or backwards) without running timers. */
  set(date: Date | string | number): void;
}

const CLOCK_ERROR_CODES = [
  'ERR_CLOCK_INVALID_DURATION',
  'ERR_CLOCK_INVALID_DATE',
  'ERR_CLOCK_TOO_MANY_TIMERS',
] as const;

export type ClockErrorCode = (typeof CLOCK_ERROR_CODES)[number];

export class ClockError extends CodedError<ClockErrorCode> {
  static readonly codes = CLOCK_ERROR_CODES;
  override readonly name = 'ClockError';
}

/** The instant every lab run starts at. */
export const LAB_EPOCH = '2026-01-01T00:00:00Z';

export function toEpochMs(date: Date | string | number): number {
  const ms = date instanceof Date ? date.getTime() : typeof date === 'number' ? date : Date.parse(date);
  if (!Number.isFinite(ms)) {
    throw new ClockError('ERR_CLOCK_INVALID_DATE', `clock: ${String(date)} is not a valid date`);
  }
  return ms;
}

export function checkAdvance(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new ClockError(
      'ERR_CLOCK_INVALID_DURATION',
      `clock.advance(seconds): expected a finite number of seconds >= 0, got ${String(seconds)}`,
    );
  }
  return Math.round(seconds * 1000);
}

/** A frozen clock at `start` (default {@link LAB_EPOCH}) that moves only when told. */
export function createVirtualClock(start: Date | string | number = LAB_EPOCH): VirtualClock {
  let current = toEpochMs(start);
  return {
    now: () => new Date(current),
    nowMs: () => current,
    nowSeconds: () => Math.floor(current / 1000),
    advance(seconds) {
      current += checkAdvance(seconds);
      return Promise.resolve();
    },
    set(date) {
      current = toEpochMs(date);
    },
  };
}
