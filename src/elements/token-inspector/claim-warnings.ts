import { describeDuration } from './describe-time';
import type { InspectionWarning } from './inspection';

/** The course recommends access tokens of minutes; beyond an hour a stolen token stays useful for too long. */
export const LONG_LIFETIME_SECONDS = 3600;
const SENSITIVE =
  /pass(word)?|secret|ssn|social_security|credit_?card|card_?number|cvv|pin$|api_?key|private_?key/i;

/** Warnings about the claims set, judged at `now`. */
export function claimWarnings(payload: Record<string, unknown>, now: Date): InspectionWarning[] {
  const warnings: InspectionWarning[] = [];
  const nowS = now.getTime() / 1000;
  const numeric: Record<string, number> = {};
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    const value = payload[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      warnings.push({
        code: 'TIME_NOT_NUMERIC',
        severity: 'danger',
        message: `"${name}" is ${JSON.stringify(value)}, not a NumericDate (seconds since 1970, RFC 7519 §2); verifiers must reject it.`,
      });
      continue;
    }
    if (value > 1e11) {
      warnings.push({
        code: 'TIME_IN_MILLISECONDS',
        severity: 'caution',
        message: `"${name}" looks like milliseconds (${value}); NumericDate counts seconds, so this points thousands of years ahead.`,
      });
    }
    numeric[name] = value;
  }
  if (!('exp' in payload)) {
    warnings.push({
      code: 'MISSING_EXP',
      severity: 'danger',
      message:
        'No "exp": the token never expires. Verifiers should require it (jose: requiredClaims: [\'exp\']).',
    });
  }
  const { exp, nbf, iat } = numeric;
  if (exp !== undefined && exp <= nowS) {
    warnings.push({
      code: 'EXPIRED',
      severity: 'caution',
      message: `Expired ${describeDuration(nowS - exp)} ago: a verifier must reject it (RFC 7519 §4.1.4).`,
    });
  }
  if (nbf !== undefined && nbf > nowS) {
    warnings.push({
      code: 'NOT_YET_VALID',
      severity: 'caution',
      message: `Not valid for another ${describeDuration(nbf - nowS)} ("nbf", RFC 7519 §4.1.5).`,
    });
  }
  if (iat !== undefined && iat > nowS + 60) {
    warnings.push({
      code: 'IAT_IN_FUTURE',
      severity: 'caution',
      message: `"iat" is ${describeDuration(iat - nowS)} in the future: a clock problem or a forged token (jose rejects it only with maxTokenAge).`,
    });
  }
  if (exp !== undefined) {
    const lifetime = exp - (iat ?? nowS);
    if (lifetime > LONG_LIFETIME_SECONDS) {
      warnings.push({
        code: 'LONG_LIFETIME',
        severity: 'caution',
        message: `${iat === undefined ? 'Valid for another' : 'Lifetime of'} ${describeDuration(lifetime)}: this course recommends 5–15 minutes for access tokens, because nothing can recall a stolen one before "exp".`,
      });
    }
  }
  if (!('aud' in payload)) {
    warnings.push({
      code: 'MISSING_AUD',
      severity: 'caution',
      message:
        'No "aud": the token is not restricted to one API, so it works wherever the issuer is trusted (RFC 8725 §3.9).',
    });
  }
  if (!('jti' in payload)) {
    warnings.push({
      code: 'MISSING_JTI',
      severity: 'info',
      message: 'No "jti": this token cannot be revoked individually or checked for replay (RFC 7519 §4.1.7).',
    });
  }
  for (const name of Object.keys(payload).filter((n) => SENSITIVE.test(n))) {
    warnings.push({
      code: 'SENSITIVE_CLAIM',
      severity: 'danger',
      message: `"${name}" looks like sensitive data. A JWS payload is readable by anyone holding the token.`,
    });
  }
  return warnings;
}
