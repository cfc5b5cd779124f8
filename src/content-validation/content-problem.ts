import { CodedError } from '../errors/coded-error';
import type { LabErrorCode } from '../lab-format/lab-error';

/** Every way shipped content can be wrong (a lab folder's through `LabError`). Tests assert these codes, never the wording. */
export type ContentProblemCode =
  | LabErrorCode
  | 'ERR_MODULE_FOLDER_NAME'
  | 'ERR_MODULE_META_MISSING'
  | 'ERR_MODULE_META'
  | 'ERR_LESSON_FILE_NAME'
  | 'ERR_DUPLICATE_PREFIX'
  | 'ERR_FRONTMATTER_MISSING'
  | 'ERR_FRONTMATTER_YAML'
  | 'ERR_FRONTMATTER'
  | 'ERR_UNKNOWN_PREREQUISITE'
  | 'ERR_LAB_ID_MISSING'
  | 'ERR_UNKNOWN_LAB';

/** One problem, located: the file (relative to the project root), the field, and the line when known. */
export interface ContentProblem {
  code: ContentProblemCode;
  file: string;
  /** The frontmatter field (`minutes`, `objectives.0`), attribute (`<Lab id>`) or file name at fault. */
  field: string;
  line?: number;
  message: string;
}

/** `content/00-a/01-b.mdx:12 › <Lab id>: no lab folder labs/x/ [ERR_UNKNOWN_LAB]` */
export function formatProblem(problem: ContentProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where} › ${problem.field}: ${problem.message} [${problem.code}]`;
}

/** Thrown by the build when content is invalid; lists every problem, not just the first. */
export class ContentValidationError extends CodedError<(typeof ContentValidationError.codes)[number]> {
  static readonly codes = ['ERR_CONTENT_INVALID'] as const;
  override readonly name = 'ContentValidationError';
  readonly problems: readonly ContentProblem[];

  constructor(problems: readonly ContentProblem[]) {
    const lines = problems.map((problem) => `  - ${formatProblem(problem)}`).join('\n');
    super(
      'ERR_CONTENT_INVALID',
      `The course content is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines}`,
    );
    this.problems = problems;
  }
}
