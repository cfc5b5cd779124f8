import { describe, expect, it } from 'vitest';
import { ClockError, createVirtualClock } from '../../src/token-server/clock';

describe('createVirtualClock', () => {
  it('starts frozen at 2026-01-01T00:00:00Z', () => {
    const clock = createVirtualClock();
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(clock.nowSeconds()).toBe(1767225600);
  });

  it('moves only when advanced, by whole and fractional seconds', async () => {
    const clock = createVirtualClock('2026-03-01T00:00:00Z');
    await clock.advance(90.5);
    expect(clock.nowMs()).toBe(Date.parse('2026-03-01T00:01:30.500Z'));
    expect(clock.nowSeconds()).toBe(Date.parse('2026-03-01T00:01:30Z') / 1000);
  });

  it('jumps backwards and forwards with set', () => {
    const clock = createVirtualClock();
    clock.set('2025-06-01T12:00:00Z');
    expect(clock.now().toISOString()).toBe('2025-06-01T12:00:00.000Z');
  });

  it('rejects negative, infinite and NaN durations with ERR_CLOCK_INVALID_DURATION', () => {
    const clock = createVirtualClock();
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => clock.advance(bad)).toThrow(
        expect.objectContaining({ code: 'ERR_CLOCK_INVALID_DURATION' }),
      );
    }
  });

  it('rejects an unparsable date with ERR_CLOCK_INVALID_DATE', () => {
    expect(() => createVirtualClock('not a date')).toThrow(ClockError);
    expect(() => createVirtualClock().set('yesterday')).toThrow(
      expect.objectContaining({ code: 'ERR_CLOCK_INVALID_DATE' }),
    );
  });
});
