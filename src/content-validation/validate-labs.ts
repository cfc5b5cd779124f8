import { join } from 'node:path';
import { listLabIds, readLab } from '../lab-format/load-lab';
import type { ContentProblem } from './content-problem';

/** The lab folders under `<root>/labs/` (every directory is a lab; its name is the lab id). */
export function courseLabIds(root: string): string[] {
  return listLabIds(join(root, 'labs'));
}

/**
 * Every problem of every lab folder under `labs/`, read by the one lab reader (the same read the pages,
 * the CLIs and the certificate use), as located course problems.
 */
export function validateLabs(root: string): ContentProblem[] {
  return courseLabIds(root).flatMap((id) =>
    readLab(id, join(root, 'labs'), { projectRoot: root }).problems.map((problem): ContentProblem => ({
      code: problem.code,
      file: problem.file,
      field: problem.field ?? '(file)',
      ...(problem.line === undefined ? {} : { line: problem.line }),
      message: problem.detail,
    })),
  );
}
