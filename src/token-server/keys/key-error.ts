export type KeyErrorCode =
  'ERR_KEY_UNKNOWN_KID' | 'ERR_KEY_RETIRED' | 'ERR_KEY_IS_SIGNING' | 'ERR_KEY_UNSUPPORTED_ALG';

export class KeyError extends Error {
  readonly code: KeyErrorCode;
  constructor(code: KeyErrorCode, message: string) {
    super(message);
    this.name = 'KeyError';
    this.code = code;
  }
}
