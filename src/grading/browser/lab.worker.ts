// First import: `@lab/server`'s real timers must be captured before anything fakes them.
import { labRunContext, runnerTimers } from '../core/lab-run-context';
import * as labServer from '../../check-api/index';
import { createTaskYield } from '../../check-api/task-yield';
import { createGradeSession, type GradeSession } from '../core/grade-session';
import { startHeartbeat } from '../core/heartbeat';
import { sendReport } from '../core/send-report';
import type { SimulationKeysMessage, WorkerInit, WorkerMessage, WorkerRun } from '../core/worker-protocol';
import { adoptSimulationKeys } from '../../token-server/keys/signing-key';

/** The worker global, as far as this file uses it (the DOM lib has no worker scope type). */
const scope = globalThis as unknown as { onmessage: ((message: MessageEvent<WorkerInit>) => void) | null };

/**
 * On `init` the worker captures the MessagePort the page gave it, locks the realm down and pre-transpiles the
 * checks, then says `ready` and grades the built-in rehearsal (../core/rehearsal.ts) while the learner reads, so
 * the click finds the grading code already compiled. Results go only through that port, which learner code (in
 * its Compartment, without `self` or `postMessage`) can never reach, and the page listens only to it.
 *
 * After a run the worker prepares a fresh session for the next one and says `ready` again, after a task boundary
 * (a run whose leftover promise loop starves the worker never says it, and the page replaces the worker). Every
 * check of every run still gets a fresh module and global scope (./learner-sandbox.ts); what the reuse keeps is
 * V8's compiled code, which a second run would otherwise compile all over again. The page decides which runs a
 * worker may follow (./lab-runner.ts).
 */
scope.onmessage = (message: MessageEvent<WorkerInit>) => {
  const init = message.data;
  if (init?.type !== 'init' || !(init.port instanceof MessagePort)) return;
  scope.onmessage = null;
  const port = init.port;
  const send = (out: WorkerMessage) => port.postMessage(out);
  // The page's keys (its first message on the port): adopted before the rehearsal, so the rehearsal finds them.
  const keysFromPage = new Promise<void>((resolve) => {
    const adopt = (event: MessageEvent<Partial<SimulationKeysMessage> | null>) => {
      if (event.data?.type !== 'keys') return;
      port.removeEventListener('message', adopt);
      if (event.data.keys) adoptSimulationKeys(event.data.keys);
      resolve();
    };
    port.addEventListener('message', adopt);
    port.start();
  });
  const prepare = (): GradeSession | undefined => {
    try {
      return createGradeSession({
        checks: init.checks,
        editableFile: init.editableFile,
        timeoutMs: init.timeoutMs,
        labServer,
        context: labRunContext,
        timers: runnerTimers,
      });
    } catch (error) {
      send({ type: 'failed', error: String((error as Error)?.stack ?? error) });
      return undefined;
    }
  };

  const serve = (session: GradeSession, rehearse: boolean): void => {
    let clicked = false;
    let rehearsal: Promise<unknown> = Promise.resolve();
    port.onmessage = (event: MessageEvent<WorkerRun>) => {
      if (event.data?.type !== 'run') return;
      port.onmessage = null;
      clicked = true;
      const { code, seed, shard } = event.data;
      const stopBeating = startHeartbeat(runnerTimers, () => send({ type: 'alive' }));
      // The rehearsal gives way within one of its checks; its failures are never the learner's.
      void rehearsal
        .then(() =>
          session.run(code, (runnerEvent) => send({ type: 'event', event: runnerEvent }), {
            ...(typeof seed === 'number' ? { seed } : {}),
            ...(shard ? { shard } : {}),
            onCollected: (names, all) => send({ type: 'collected', names, ...(shard ? { all } : {}) }),
          }),
        )
        // A run that rejected says nothing more: without beats the page's watchdog ends it within 3 s.
        .finally(stopBeating)
        .then((report) => {
          sendReport(send, report);
          const pause = createTaskYield();
          void pause.next().then(() => {
            pause.close();
            const next = prepare();
            if (next) serve(next, false);
          });
        });
    };
    send({ type: 'ready' });
    // A reused worker is warm already: it goes straight to waiting for the click.
    if (!rehearse) return;
    // Ready first: a click during the rehearsal waits for one rehearsal check at most, not the whole of it.
    // A task boundary before each rehearsal check lets a queued click message land first.
    const pause = createTaskYield();
    // Without the page's keys the rehearsal would generate its own. The page posts a run only after the keys, so
    // a click never waits on them here.
    rehearsal = keysFromPage
      .then(() =>
        session.rehearse(async () => {
          await pause.next();
          return !clicked;
        }),
      )
      // A failed rehearsal costs only warmth: the learner's run goes ahead as in a cold worker.
      .catch(() => undefined)
      .finally(() => pause.close());
  };

  const first = prepare();
  if (first) serve(first, true);
};
