import type { JWTPayload } from 'jose';
import {
  insufficientScope,
  invalidRequest,
  invalidToken,
  keysUnavailable,
  missingToken,
} from './bearer-responses';
import { decodeForHopLog, extractBearer } from './bearer-token';
import type { HopDecision, HopEntry } from './hop-log';
import { missingScopes } from './scopes';
import { runVerification, type VerificationPolicy } from './verification-policy';

export interface ProtectOptions {
  hop: string;
  audience: string;
  verify: VerificationPolicy;
  requiredScopes: readonly string[];
}

export type ProtectResult =
  | { allowed: true; token: string; payload: JWTPayload; entry: Omit<HopEntry, 'id' | 'status'> }
  | { allowed: false; response: Response; entry: Omit<HopEntry, 'id'> };

/**
 * The checks every hop runs, in RFC 6750 / RFC 9068 §4 order: a bearer token is present and well
 * formed, the hop's verification policy accepts it, then the route's scopes are granted. Whatever
 * happens, the result carries the hop-log entry describing it.
 */
export async function protectRequest(
  request: Request,
  options: ProtectOptions,
  time: string,
): Promise<ProtectResult> {
  const base = {
    time,
    hop: options.hop,
    method: request.method,
    url: request.url,
    requiredScopes: [...options.requiredScopes],
  };
  const refuse = (
    response: Response,
    decision: HopDecision,
    extra: Partial<HopEntry> = {},
  ): ProtectResult => ({
    allowed: false,
    response,
    entry: { ...base, ...extra, decision, status: response.status },
  });

  const bearer = extractBearer(request);
  if (bearer.kind === 'none') return refuse(missingToken(options.hop), 'no_token');
  if (bearer.kind === 'malformed') return refuse(invalidRequest(options.hop), 'invalid_request');

  const { token } = bearer;
  const decoded = decodeForHopLog(token);
  const seen = { token, ...(decoded ? { decoded } : {}) };
  const outcome = await runVerification(options.verify, token, {
    hop: options.hop,
    audience: options.audience,
    request,
  });
  if (!outcome.ok) {
    const response =
      outcome.decision === 'unavailable' ? keysUnavailable() : invalidToken(options.hop, outcome.expired);
    return refuse(response, outcome.decision, { ...seen, error: outcome.error });
  }

  const principal = typeof outcome.payload.sub === 'string' ? { principal: outcome.payload.sub } : {};
  const missing = missingScopes(outcome.payload, options.requiredScopes);
  if (missing.length > 0) {
    return refuse(insufficientScope(options.hop, options.requiredScopes), 'insufficient_scope', {
      ...seen,
      ...principal,
      error: 'ERR_HOP_INSUFFICIENT_SCOPE',
    });
  }
  return {
    allowed: true,
    token,
    payload: outcome.payload,
    entry: { ...base, ...seen, ...principal, decision: 'allowed' },
  };
}
