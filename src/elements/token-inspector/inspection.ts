import { CodedError } from '../../errors/coded-error';

/** Why a pasted string could not be inspected. Stable codes: tests and the UI switch on them. */
export class InspectionError extends CodedError<InspectionErrorCode> {
  static readonly codes = [
    'ERR_EMPTY',
    'ERR_NOT_COMPACT',
    'ERR_BASE64URL',
    'ERR_JSON',
    'ERR_NOT_OBJECT',
  ] as const;
  override readonly name = 'InspectionError';
  constructor(
    code: InspectionErrorCode,
    message: string,
    /** Which part failed: 'token', 'header', 'payload' or 'signature'. */
    readonly part: 'token' | 'header' | 'payload' | 'signature',
  ) {
    super(code, message);
  }
}

export type InspectionErrorCode = (typeof InspectionError.codes)[number];

/** What a warning is about; the UI groups and the tests assert on these codes. */
type WarningCode =
  | 'ALG_NONE'
  | 'MISSING_ALG'
  | 'DEPRECATED_ALG'
  | 'EMPTY_SIGNATURE'
  | 'HEADER_JKU'
  | 'HEADER_X5U'
  | 'HEADER_JWK'
  | 'HEADER_X5C'
  | 'KID_SUSPICIOUS'
  | 'CRIT_PRESENT'
  | 'B64_FALSE'
  | 'DUPLICATE_MEMBER'
  | 'SYMMETRIC_ALG'
  | 'NO_TYP'
  | 'MISSING_EXP'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'IAT_IN_FUTURE'
  | 'LONG_LIFETIME'
  | 'TIME_NOT_NUMERIC'
  | 'TIME_IN_MILLISECONDS'
  | 'MISSING_AUD'
  | 'MISSING_JTI'
  | 'SENSITIVE_CLAIM'
  | 'ENCRYPTED'
  | 'JWE_COMPRESSED'
  | 'JWE_LARGE_P2C'
  | 'JWE_RSA1_5';

export interface InspectionWarning {
  code: WarningCode;
  /** `danger`: an attack pattern or a token a verifier must reject; `caution`: a weakness; `info`: context. */
  severity: 'danger' | 'caution' | 'info';
  /** One sentence a learner can act on, naming the rule behind it. */
  message: string;
}

/** One header parameter or claim, with what it means and, for NumericDate values, the time in words. */
export interface ExplainedMember {
  name: string;
  /** The value as JSON text. */
  value: string;
  /** What the member means, or `undefined` for a private claim or unregistered parameter. */
  meaning: string | undefined;
  /** For NumericDate claims: ISO time and relative phrase, e.g. "2026-01-01T00:15:00Z (in 15 minutes)". */
  time?: string;
}

export interface Inspection {
  kind: 'jws' | 'jwe';
  header: Record<string, unknown>;
  headerMembers: ExplainedMember[];
  /** `undefined` for a JWE, whose payload is encrypted. */
  payload: Record<string, unknown> | undefined;
  claims: ExplainedMember[];
  /** Signature length in bytes (JWS only). */
  signatureBytes: number | undefined;
  warnings: InspectionWarning[];
}
