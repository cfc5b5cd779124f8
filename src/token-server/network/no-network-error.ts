import type { CodedError, ErrorCode } from '../../errors/coded-error';

/**
 * What `fetch` throws inside a lab for a URL no simulated origin answers. It is a `TypeError`, like the
 * "Failed to fetch" of a real network failure (the Fetch standard rejects with a TypeError), so learner code
 * handles it the way it would in production. That is why it is the one coded error that cannot extend
 * `CodedError`; it keeps the same shape (`static codes`, `code`, `name`), which the type below holds it to.
 */
export class LabNetworkError extends TypeError implements CodedError<LabNetworkErrorCode> {
  static readonly codes = [
    'ERR_LAB_NO_NETWORK',
    'ERR_LAB_ORIGIN_IN_USE',
    'ERR_LAB_TOO_MANY_REDIRECTS',
    'ERR_LAB_REDIRECT_REFUSED',
  ] as const satisfies readonly ErrorCode[];
  override readonly name = 'LabNetworkError';
  readonly code: LabNetworkErrorCode;
  constructor(code: LabNetworkErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export type LabNetworkErrorCode = (typeof LabNetworkError.codes)[number];

export function noNetwork(url: string, known: readonly string[]): LabNetworkError {
  const list = known.length > 0 ? known.join(', ') : 'none';
  return new LabNetworkError(
    'ERR_LAB_NO_NETWORK',
    `fetch ${url}: labs have no network; only simulated origins answer (registered: ${list})`,
  );
}
