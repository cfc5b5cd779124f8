// First import: `@lab/server`'s real timers must be captured before anything fakes them.
import { runnerTimers, labRunContext } from '../core/lab-run-context';
import * as labServer from '../../check-api/index';
import { parentPort, workerData } from 'node:worker_threads';
import { createTaskYield } from '../../check-api/task-yield';
import { createGradeSession, type GradeSession } from '../core/grade-session';
import { startHeartbeat } from '../core/heartbeat';
import { sendReport } from '../core/send-report';
import { adoptSimulationKeys, prefetchSimulationKeys } from '../../token-server/keys/signing-key';
import type { SimulationKeys } from '../../token-server/keys/key-material';
import type {
  GradeThreadInit,
  GradeThreadRun,
  SimulationKeysMessage,
  WorkerMessage,
} from '../core/worker-protocol';

const port = parentPort;
if (!port) throw new Error('grade-thread.ts runs only as a worker thread');
const init = workerData as GradeThreadInit;
// Bound before lockdown and learner code: the submission runs in a Compartment and never sees `port`.
const send = (message: WorkerMessage) => port.postMessage(message);

/**
 * Node's counterpart of the browser's lab.worker.ts: one lab, one run at a time. After a run it prepares a
 * fresh session and says `ready` again after a task boundary (a run whose leftover promise loop starves the
 * thread never says it, and the host replaces the thread). The host decides which runs a thread may follow
 * (../core/worker-reuse.ts), exactly as the page does.
 */
const prepare = (): GradeSession =>
  createGradeSession({
    checks: init.checks,
    editableFile: init.editableFile,
    timeoutMs: init.timeoutMs,
    labServer,
    context: labRunContext,
    timers: runnerTimers,
  });

let session = prepare();
// Keys are generated once per grader process, never shipped: the host hands every thread the same set (its
// first message to a thread), and the thread generates only what did not arrive. RSA generation would
// otherwise cost every thread a second of warm-up, or eat into a check's deadline.
const fromHost = await new Promise<SimulationKeys | undefined>((resolve) => {
  port.once('message', (message: Partial<SimulationKeysMessage> | null) => {
    resolve(message?.type === 'keys' ? message.keys : undefined);
  });
});
if (fromHost) adoptSimulationKeys(fromHost);
if (init.rehearse) await session.rehearse(() => Promise.resolve(true));
await prefetchSimulationKeys();

async function grade(run: GradeThreadRun): Promise<void> {
  const stopBeating = startHeartbeat(runnerTimers, () => send({ type: 'alive' }));
  const report = await session
    .run(run.code, (event) => send({ type: 'event', event }), {
      ...(run.mutant ? { mutant: run.mutant } : {}),
      ...(run.seed === undefined ? {} : { seed: run.seed }),
      onCollected: (names) => send({ type: 'collected', names }),
    })
    // A run that rejected says nothing more: without beats the host's watchdog ends it within 3 s.
    .finally(stopBeating);
  sendReport(send, report);
  const pause = createTaskYield();
  await pause.next();
  pause.close();
  session = prepare();
  send({ type: 'ready' });
}

port.on('message', (message: GradeThreadRun | null) => {
  if (message?.type === 'run') void grade(message);
});
// Booting a thread (parse, lockdown, rehearsal) is not the learner's time: the host arms its watchdog only
// when it sends the run.
send({ type: 'ready' });
