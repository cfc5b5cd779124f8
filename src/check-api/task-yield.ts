import { realTimers } from './real-timers';

export interface TaskYield {
  /** Resolves on a fresh macrotask, after every pending promise callback has run. */
  next(): Promise<void>;
  close(): void;
}

/**
 * An unthrottled macrotask yield: `setImmediate` in Node, a `MessageChannel` message in browsers. Browsers clamp nested `setTimeout(0)` to 4 ms, which made advancing the lab
 * clock past 200 timers take over a second in Chromium; a `MessageChannel` message is not clamped.
 */
export function createTaskYield(): TaskYield {
  // Node: setImmediate is the cheapest macrotask (the lab clock never fakes it).
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') {
    return { next: () => new Promise((resolve) => void immediate(resolve)), close() {} };
  }
  if (typeof MessageChannel !== 'function') {
    return { next: () => new Promise((resolve) => realTimers.setTimeout(resolve, 0)), close() {} };
  }
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return {
    next() {
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(null);
      });
    },
    close() {
      channel.port1.close();
      channel.port2.close();
    },
  };
}
