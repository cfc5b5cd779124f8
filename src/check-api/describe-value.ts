import type { Plain } from './snapshot';

/** Longest string shown whole inside a description; longer ones (tokens) show their start. */
const STRING_CHARS = 40;

/**
 * A short, engine-independent description of snapshotted data for a failure's first line:
 * `{ sub: "user-alice", scope: "read", … }`. It is built piece by piece and stops before the piece that
 * would pass `maxChars`, so it is never cut inside a word, a string or a number.
 */
export function describeValue(value: Plain, maxChars = 120): string {
  const pieces: string[] = [];
  let used = 0;
  let full = true;
  const push = (piece: string): boolean => {
    if (!full) return false;
    if (used + piece.length > maxChars) {
      full = false;
      pieces.push('…');
      return false;
    }
    pieces.push(piece);
    used += piece.length;
    return true;
  };
  const visit = (item: Plain): void => {
    if (!full) return;
    if (item === null || item === undefined || typeof item === 'boolean' || typeof item === 'number') {
      push(String(item));
    } else if (typeof item === 'bigint') {
      push(`${item}n`);
    } else if (typeof item === 'string') {
      push(JSON.stringify(item.length > STRING_CHARS ? `${item.slice(0, STRING_CHARS)}…` : item));
    } else if (item instanceof Date) {
      push(Number.isNaN(item.getTime()) ? 'Invalid Date' : item.toISOString());
    } else if (item instanceof Uint8Array) {
      push(`Uint8Array(${item.length})`);
    } else if (Array.isArray(item)) {
      if (item.length === 0) return void push('[]');
      push('[ ');
      item.forEach((member, index) => {
        if (index > 0) push(', ');
        visit(member as Plain);
      });
      push(' ]');
    } else {
      const entries = Object.entries(item as Record<string, Plain>);
      if (entries.length === 0) return void push('{}');
      push('{ ');
      entries.forEach(([key, member], index) => {
        if (index > 0) push(', ');
        push(`${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: `);
        visit(member);
      });
      push(' }');
    }
  };
  visit(value);
  return pieces.join('');
}
