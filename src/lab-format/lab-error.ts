import { CodedError } from '../errors/coded-error';

/**
 * A lab folder that cannot be used, naming the file (and field or line) to fix. The one error model for
 * lab folders: the CLIs print it, and the build's course validation reports it as a located problem.
 */
export class LabError extends CodedError<LabErrorCode> {
  static readonly codes = [
    'ERR_LAB_ID_INVALID',
    'ERR_LAB_NOT_FOUND',
    'ERR_LAB_FILE_MISSING',
    'ERR_LAB_FRONTMATTER_MISSING',
    'ERR_LAB_META_INVALID',
    'ERR_LAB_HINT_INVALID',
    'ERR_LAB_MDX',
    'ERR_LAB_WRONG_MISSING',
    'ERR_LAB_WRONG_UNDECLARED',
    'ERR_LAB_ALTERNATIVE_UNDECLARED',
  ] as const;
  override readonly name = 'LabError';
  constructor(
    code: LabErrorCode,
    /** Path of the offending file, relative to the project root when possible. */
    readonly file: string,
    /** What is wrong, without the location. */
    readonly detail: string,
    /** The frontmatter field or section, when one is to blame. */
    readonly field?: string,
    /** 1-based line in `file`, when known. */
    readonly line?: number,
  ) {
    super(code, `${file}${line === undefined ? '' : `:${line}`}${field ? ` (${field})` : ''}: ${detail}`);
  }
}

export type LabErrorCode = (typeof LabError.codes)[number];
