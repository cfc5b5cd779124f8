/**
 * The revision of what the grader accepts. A lab's checks fingerprint covers it, so when the grader starts
 * refusing what it used to let through (a sandbox leak closed), every certificate and saved pass issued under
 * the older grader reads as "checks changed" rather than valid: its code is graded again, and a solution that
 * only passed through the leak fails as a lab whose checks changed, naming the lab. Raise it with such a change.
 *
 * 2: learner values snapshotted before matchers; stacks show only the learner's file; a fresh module and global
 *    scope per check; a frozen, standard `Date`; graders that fail closed.
 * 3: a grant handler gets frozen copies of the token server's records and client registration, never the
 *    objects the server keeps, and no way to run code inside later revocations.
 */
export const GRADER_REVISION = 3;
