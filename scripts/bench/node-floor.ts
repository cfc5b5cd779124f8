import { gradeSubmissions } from '../../src/grading/node/grade-submission';
import { loadLab } from '../../src/lab-format/load-lab';
import { spread, type Spread } from './stats';

/**
 * The floor: the same checks on the same code in Node, timed inside the grading thread (run start to
 * last verdict, as RunReport.durationMs), over `runs` runs. A fresh thread rehearses first, as a browser worker
 * does while it waits for the click, and later runs reuse it as the page does, so the floor is warm code.
 */
export async function nodeFloor(
  labDir: string,
  code: string,
  runs: number,
): Promise<{ floor: Spread; passed: number; total: number }> {
  const lab = loadLab(labDir);
  const reports = await gradeSubmissions(
    Array.from({ length: runs }, () => ({ lab, code, rehearse: true })),
    { concurrency: 1 },
  );
  const last = reports[reports.length - 1];
  return {
    floor: spread(reports.map((r) => r.durationMs)),
    passed: last?.passed ?? 0,
    total: last?.total ?? 0,
  };
}
