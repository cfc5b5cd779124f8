import { CodedError } from '../../errors/coded-error';

const KEY_ERROR_CODES = [
  'ERR_KEY_UNKNOWN_KID',
  'ERR_KEY_RETIRED',
  'ERR_KEY_IS_SIGNING',
  'ERR_KEY_UNSUPPORTED_ALG',
] as const;

export type KeyErrorCode = (typeof KEY_ERROR_CODES)[number];

export class KeyError extends CodedError<KeyErrorCode> {
  static readonly codes = KEY_ERROR_CODES;
  override readonly name = 'KeyError';
}
