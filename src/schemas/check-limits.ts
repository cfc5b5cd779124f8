// The runner's time limits, without zod: the lab page's runner imports them, and a module that builds schemas
// would bring their construction into the page's first load.

/** The page watchdog adds this much to a check's timeout before it terminates the worker. */
export const WATCHDOG_GRACE_MS = 1000;
/** A hung check must be reported within 3 s, whatever the lab says. */
export const MAX_REPORT_MS = 3000;
/**
 * A check's timeout counts only time it waits on nothing (src/grading/core/check-deadline.ts): on a busy machine
 * a slow check is not a hung one. This bounds it on the wall clock, for code that keeps the machine busy forever.
 */
export const MAX_CHECK_MS = 10_000;
