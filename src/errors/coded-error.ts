/** A stable error code: what callers and tests switch on, never the message. */
export type ErrorCode = `ERR_${string}`;

/**
 * The base of every error the project throws on purpose, modelled on jose's `JOSEError`: each subclass lists
 * its codes in `static codes` (the code type derives from that list) and every instance carries one of them
 * in `code`. Each subclass names itself in `name` as a string literal rather than reading `constructor.name`,
 * which a minifier renames in the shipped worker.
 */
export abstract class CodedError<Code extends ErrorCode = ErrorCode> extends Error {
  abstract override readonly name: string;
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
