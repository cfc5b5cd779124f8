const UNITS: [seconds: number, name: string][] = [
  [365 * 86400, 'year'],
  [30 * 86400, 'month'],
  [7 * 86400, 'week'],
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** "15 minutes", "1 day", "0 seconds": the largest whole unit of a duration in seconds. */
export function describeDuration(seconds: number): string {
  const abs = Math.abs(seconds);
  const [size, name] = UNITS.find(([unit]) => abs >= unit) ?? [1, 'second'];
  const count = Math.floor(abs / size);
  return `${count} ${name}${count === 1 ? '' : 's'}`;
}

/** A NumericDate in words relative to `now`: "2026-01-01T00:15:00Z (in 15 minutes)". */
export function describeTime(numericDate: number, now: Date): string {
  const date = new Date(numericDate * 1000);
  const iso = Number.isNaN(date.getTime()) ? 'out of range' : date.toISOString().replace('.000Z', 'Z');
  const delta = Math.round(numericDate - now.getTime() / 1000);
  if (delta === 0) return `${iso} (now)`;
  return delta > 0 ? `${iso} (in ${describeDuration(delta)})` : `${iso} (${describeDuration(delta)} ago)`;
}
