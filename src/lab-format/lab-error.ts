export type LabErrorCode =
  | 'ERR_LAB_ID_INVALID'
  | 'ERR_LAB_NOT_FOUND'
  | 'ERR_LAB_FILE_MISSING'
  | 'ERR_LAB_FRONTMATTER_MISSING'
  | 'ERR_LAB_META_INVALID'
  | 'ERR_LAB_HINT_INVALID'
  | 'ERR_LAB_WRONG_UNDECLARED'
  | 'ERR_LAB_ALTERNATIVE_UNDECLARED';

/** A lab folder that cannot be used, naming the file (and field) to fix. */
export class LabError extends Error {
  override name = 'LabError';
  constructor(
    readonly code: LabErrorCode,
    /** Path of the offending file, relative to the repository when possible. */
    readonly file: string,
    message: string,
    /** The frontmatter field or section, when one is to blame. */
    readonly field?: string,
  ) {
    super(`${file}${field ? ` (${field})` : ''}: ${message}`);
  }
}
