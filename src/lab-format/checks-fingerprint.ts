import { GRADER_REVISION } from '../grading/core/grader-revision';
import { contentHash } from './content-hash';

/** A lab's checks fingerprint: its `checks.test.ts` and the grader revision that judges it. */
export function checksFingerprint(checks: string): string {
  return contentHash(`grader revision ${GRADER_REVISION}\n${checks}`);
}
