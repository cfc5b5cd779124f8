import { inspect } from '@vitest/utils/display';
import type { ConsoleEntry } from '../../schemas/check-result';
import type { ConsoleSink } from './run-checks';

/** Per check: a chatty submission cannot flood the results panel or the worker's memory. */
const MAX_CONSOLE_ENTRIES = 50;
const MAX_CONSOLE_ENTRY_CHARS = 2000;

const LEVELS = ['log', 'info', 'warn', 'error', 'debug'] as const;

export interface ConsoleCapture extends ConsoleSink {
  /** A console object whose methods record into the current check. */
  console: Readonly<
    Record<(typeof LEVELS)[number] | 'dir' | 'table' | 'trace' | 'assert', (...args: unknown[]) => void>
  >;
}

function render(args: unknown[]): string {
  return args
    .map((arg) => {
      if (typeof arg === 'string') return arg;
      try {
        return inspect(arg, { truncate: MAX_CONSOLE_ENTRY_CHARS });
      } catch {
        return '[unprintable value]';
      }
    })
    .join(' ');
}

export function createConsoleCapture(): ConsoleCapture {
  let entries: ConsoleEntry[] = [];
  let dropped = 0;
  const write =
    (level: ConsoleEntry['level']) =>
    (...args: unknown[]) => {
      if (entries.length >= MAX_CONSOLE_ENTRIES) {
        dropped += 1;
        return;
      }
      let text = render(args);
      if (text.length > MAX_CONSOLE_ENTRY_CHARS)
        text = `${text.slice(0, MAX_CONSOLE_ENTRY_CHARS)}… (truncated)`;
      entries.push({ level, text });
    };
  const levels = Object.fromEntries(LEVELS.map((level) => [level, write(level)]));
  // The other console methods learner code commonly calls, mapped onto the five captured levels.
  const console = Object.freeze({
    ...levels,
    dir: write('log'),
    table: write('log'),
    trace: write('debug'),
    assert: (condition: unknown, ...args: unknown[]) => {
      if (!condition) write('error')('Assertion failed', ...args);
    },
  }) as ConsoleCapture['console'];
  return {
    console,
    begin() {
      entries = [];
      dropped = 0;
    },
    take() {
      const taken = entries;
      if (dropped > 0)
        taken.push({
          level: 'warn',
          text: `… ${dropped} more console lines not shown`,
        });
      entries = [];
      dropped = 0;
      return taken;
    },
  };
}
