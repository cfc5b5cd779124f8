/**
 * A fixed, lab-independent run a browser worker grades while it waits for the learner's click. Every run
 * uses a fresh worker, so without it the click pays V8's first-call compilation of everything a check
 * touches (sucrase on TypeScript, the module linker, mini-vitest, the matchers and their diff printer,
 * fake timers, the token server, the attacker toolkit, jose's verify path, WebCrypto key imports). Nothing
 * here is graded or reported; it shares no state with the learner's run except process-wide caches of
 * immutable simulation keys. The worker is asked before each check whether the click came, so a
 * rehearsal in progress gives the worker up within one check.
 *
 * The run is a lab folder of its own, `src/grading/rehearsal-lab/` (type-checked with the labs, linted,
 * and graded by tests/grading/rehearsal-lab.test.ts); its files are bundled in as text.
 */
import REHEARSAL_SUBMISSION from '../rehearsal-lab/solution.ts?raw';
import REHEARSAL_CHECKS from '../rehearsal-lab/checks.test.ts?raw';

/** The rehearsal lab's `editableFile` (its lab.md), the name its stack frames show. */
export const REHEARSAL_FILE = 'rehearsal.ts';
export const REHEARSAL_CHECKS_FILE = 'rehearsal.test.ts';
export { REHEARSAL_CHECKS, REHEARSAL_SUBMISSION };
