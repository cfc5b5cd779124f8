import { hostWork, hostWorkedBetween, watchHostWork } from '../grading/core/host-work';
import { hasRunContext, labNetwork, realTimers } from './run-context';
import { createTaskYield } from './task-yield';

/** Macrotasks in a row in which nothing happens before the simulation counts as idle… */
export const IDLE_TURNS = 10;
/** …and then this much real time in which nothing happens either. */
export const IDLE_MS = 30;

// Real vitest (check:labs' parity run, mutation testing) never hardens the realm, where the runner starts counting:
// count WebCrypto work from the moment a checks file imports `@lab/server`. Idempotent, and before any lockdown.
watchHostWork();

/**
 * Resolves once the simulation has had nothing to do for IDLE_TURNS macrotasks in a row and then for IDLE_MS of
 * real time: no WebCrypto operation or body read in flight or finished (../grading/core/host-work.ts), and no
 * simulated request made. Any of these starts the count again. A check that forces a race holds one party until
 * the other arrives, or until this says the other is not coming (code that waits for the first, as a lock does).
 * Body reads must be seen: a browser reads a request body on its own schedule, and a busy machine delays it past
 * any number of turns and any fixed delay. The real-time wait covers the platform's own hops between the steps
 * it is seen taking.
 *
 * A check that holds a body read itself (a stream whose `pull` waits for the other party) passes `holding: 1`:
 * that one read stays in flight by the check's own doing, so only other work keeps the simulation busy.
 */
export async function untilIdle({ holding = 0 }: { holding?: number } = {}): Promise<void> {
  const turns = createTaskYield();
  try {
    for (;;) {
      let quiet = 0;
      let last = activity();
      while (quiet < IDLE_TURNS) {
        await turns.next();
        const now = activity();
        quiet = unchanged(last, now, holding) ? quiet + 1 : 0;
        last = now;
      }
      // A timer, not more turns: spinning through macrotasks would take the core from the work awaited.
      await new Promise<void>((resolve) => realTimers.setTimeout(resolve, IDLE_MS));
      if (unchanged(last, activity(), holding)) return;
    }
  } finally {
    turns.close();
  }
}

type Activity = { inFlight: number; settled: number; requests: number };

function unchanged(before: Activity, after: Activity, holding: number): boolean {
  return !hostWorkedBetween(before, after, holding) && after.requests === before.requests;
}

function activity(): Activity {
  // The log keeps its newest entries only; the last one's sequence number counts every request.
  const requests = hasRunContext() ? (labNetwork().log.entries.at(-1)?.id ?? 0) : 0;
  return { ...hostWork(), requests };
}
