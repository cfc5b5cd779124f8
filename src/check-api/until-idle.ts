import { hostWork, watchHostWork } from '../grading/core/host-work';
import { hasRunContext, labNetwork } from './run-context';
import { createTaskYield } from './task-yield';

/** Macrotasks in a row in which nothing happens before the simulation counts as idle. */
export const IDLE_TURNS = 10;

// Real vitest (check:labs' parity run, mutation testing) never hardens the realm, where the runner starts counting:
// count WebCrypto work from the moment a checks file imports `@lab/server`. Idempotent, and before any lockdown.
watchHostWork();

/**
 * Resolves once the simulation has had nothing to do for IDLE_TURNS macrotasks in a row: no WebCrypto operation
 * in flight or finished, and no simulated request made. A check that forces a race holds one party until the
 * other arrives, or until this says the other is not coming (code that waits for the first, as a lock does).
 * The machine's speed does not decide it: a real-time delay in its place let a busy machine run the parties one
 * after the other, and a wrong answer whose flaw shows only in the race passed.
 */
export async function untilIdle(): Promise<void> {
  const turns = createTaskYield();
  try {
    let quiet = 0;
    let last = activity();
    while (quiet < IDLE_TURNS) {
      await turns.next();
      const now = activity();
      quiet =
        now.inFlight === 0 && now.settled === last.settled && now.requests === last.requests ? quiet + 1 : 0;
      last = now;
    }
  } finally {
    turns.close();
  }
}

function activity(): { inFlight: number; settled: number; requests: number } {
  // The log keeps its newest entries only; the last one's sequence number counts every request.
  const requests = hasRunContext() ? (labNetwork().log.entries.at(-1)?.id ?? 0) : 0;
  return { ...hostWork(), requests };
}
