export type LabNetworkErrorCode =
  'ERR_LAB_NO_NETWORK' | 'ERR_LAB_ORIGIN_IN_USE' | 'ERR_LAB_TOO_MANY_REDIRECTS' | 'ERR_LAB_REDIRECT_REFUSED';

/**
 * What `fetch` throws inside a lab for a URL no simulated origin answers. It is a `TypeError`, like the
 * "Failed to fetch" of a real network failure, so learner code handles it the way it would in production.
 */
export class LabNetworkError extends TypeError {
  readonly code: LabNetworkErrorCode;
  constructor(code: LabNetworkErrorCode, message: string) {
    super(message);
    this.name = 'LabNetworkError';
    this.code = code;
  }
}

export function noNetwork(url: string, known: readonly string[]): LabNetworkError {
  const list = known.length > 0 ? known.join(', ') : 'none';
  return new LabNetworkError(
    'ERR_LAB_NO_NETWORK',
    `fetch ${url}: labs have no network; only simulated origins answer (registered: ${list})`,
  );
}
