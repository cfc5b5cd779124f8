// First import: `@lab/server`'s real timers must be captured before anything fakes them.
import { runnerTimers, labRunContext } from '../core/lab-run-context';
import * as labServer from '../../check-api/index';
import { parentPort, workerData } from 'node:worker_threads';
import { createGradeSession } from '../core/grade-session';
import { startHeartbeat } from '../core/heartbeat';
import { crashedRunReport } from '../core/run-report';
import {
  adoptSimulationKeys,
  prefetchSimulationKeys,
  type SimulationKeys,
} from '../../token-server/keys/signing-key';
import type { GradeThreadInput, WorkerMessage } from '../core/worker-protocol';

const port = parentPort;
if (!port) throw new Error('grade-thread.ts runs only as a worker thread');
const input = workerData as GradeThreadInput;
// Bound before lockdown and learner code: the submission runs in a Compartment and never sees `port`.
const send = (message: WorkerMessage) => port.postMessage(message);

const session = createGradeSession({
  checks: input.checks,
  editableFile: input.editableFile,
  timeoutMs: input.timeoutMs,
  labServer,
  context: labRunContext,
  timers: runnerTimers,
});
if (input.rehearse) await session.rehearse(() => Promise.resolve(true));
// Keys are generated once per grader process, never shipped: the host hands every thread the same set (its one
// message to a thread), and the thread generates only what did not arrive. RSA generation would otherwise cost
// every thread a second of warm-up, or eat into a check's deadline.
const fromHost = await new Promise<SimulationKeys | undefined>((resolve) => {
  port.once('message', (message: { type?: unknown; keys?: SimulationKeys } | null) => {
    resolve(message?.type === 'keys' ? message.keys : undefined);
  });
});
if (fromHost) adoptSimulationKeys(fromHost);
await prefetchSimulationKeys();
// Booting a thread (parse, lockdown, rehearsal) is not the learner's time: the parent arms its watchdog only now.
send({ type: 'ready' });
const stopBeating = startHeartbeat(runnerTimers, () => send({ type: 'alive' }));
const report = await session
  .run(input.code, (event) => send({ type: 'event', event }), {
    ...(input.mutant ? { mutant: input.mutant } : {}),
    ...(input.seed === undefined ? {} : { seed: input.seed }),
    onCollected: (names) => send({ type: 'collected', names }),
  })
  // A run that rejected says nothing more: without beats the parent's watchdog ends it within 3 s.
  .finally(stopBeating);
try {
  send({ type: 'done', report });
} catch (problem) {
  // A report the structured clone refuses still ends the run, as a crash that says why.
  send({
    type: 'done',
    report: crashedRunReport(
      `the grader could not send the report: ${String((problem as Error)?.message ?? problem)}`,
      report.durationMs,
    ),
  });
}
