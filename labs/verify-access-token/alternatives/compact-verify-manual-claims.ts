// @freedom "it should let jose's own error (with its code, such as ERR_JWT_EXPIRED) propagate" — jose's own error classes thrown from a manual claim check after compactVerify are still jose errors with their codes.
import { compactVerify, createRemoteJWKSet, errors, type JWTPayload } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

const MAX_AGE_SECONDS = 15 * 60;
const SKEW_SECONDS = 10;

function fail(message: string, payload: JWTPayload, claim: string): never {
  throw new errors.JWTClaimValidationFailed(message, payload, claim, 'check_failed');
}

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));

  return async (token) => {
    const { payload: bytes, protectedHeader } = await compactVerify(token, keys, { algorithms: ['ES256'] });
    const typ = protectedHeader.typ?.toLowerCase();
    if (typ !== 'at+jwt' && typ !== 'application/at+jwt') {
      throw new errors.JWTClaimValidationFailed(
        'unexpected "typ" JWT header value',
        {},
        'typ',
        'check_failed',
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new errors.JWTInvalid('JWT Claims Set must be a top-level JSON object');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new errors.JWTInvalid('JWT Claims Set must be a top-level JSON object');
    }
    const payload = parsed as JWTPayload;
    for (const claim of ['iss', 'aud', 'exp', 'iat', 'jti', 'sub', 'client_id']) {
      if (payload[claim] === undefined) fail(`missing required "${claim}" claim`, payload, claim);
    }
    if (payload.iss !== config.issuer) fail('unexpected "iss" claim value', payload, 'iss');
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.includes(config.audience)) fail('unexpected "aud" claim value', payload, 'aud');
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp))
      fail('"exp" claim must be a number', payload, 'exp');
    if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat))
      fail('"iat" claim must be a number', payload, 'iat');
    if (payload.nbf !== undefined) {
      if (typeof payload.nbf !== 'number') fail('"nbf" claim must be a number', payload, 'nbf');
      if (payload.nbf > now + SKEW_SECONDS) fail('"nbf" claim timestamp check failed', payload, 'nbf');
    }
    if (payload.exp <= now - SKEW_SECONDS) {
      throw new errors.JWTExpired('"exp" claim timestamp check failed', payload, 'exp', 'check_failed');
    }
    if (payload.iat - SKEW_SECONDS > now)
      fail('"iat" claim timestamp check failed (it should be in the past)', payload, 'iat');
    if (now - payload.iat - SKEW_SECONDS > MAX_AGE_SECONDS) {
      throw new errors.JWTExpired(
        '"iat" claim timestamp check failed (too far in the past)',
        payload,
        'iat',
        'check_failed',
      );
    }
    return payload;
  };
}
