export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Median and min–max of a sample (how every bench figure is reported). */
export function spread(values: number[]): Spread {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, n: sorted.length };
}

export function formatSpread(s: Spread, unit = 'ms'): string {
  if (s.n === 0) return 'n/a';
  if (s.n === 1) return `${s.median.toFixed(1)} ${unit}`;
  return `${s.median.toFixed(1)} ${unit} (${s.min.toFixed(1)}–${s.max.toFixed(1)}, n=${s.n})`;
}
