import { createRemoteJWKSet, jwtVerify, type JWTPayload, type RemoteJWKSetOptions } from 'jose';

/** What a hop tells its verification policy about the request being verified. */
export interface HopContext {
  /** The hop's name, e.g. `orders`. */
  hop: string;
  /** The audience this hop must find in `aud` (RFC 8725 §3.9). */
  audience: string;
  request: Request;
}

/**
 * A pluggable verification step: a lab plugs the learner's function in here. It returns the verified
 * claims (a payload, or jose's `{ payload, protectedHeader }`) and throws to reject; a falsy or
 * non-object result is a rejection too, so a policy can never pass a request by accident.
 */
export type VerificationPolicy = (token: string, context: HopContext) => unknown;

export type VerificationOutcome =
  | { ok: true; payload: JWTPayload }
  | { ok: false; decision: 'invalid_token' | 'unavailable'; error: string; expired: boolean };

/** Failures that mean "no keys", not "bad token": the hop answers 503 and still never serves (checklist #40). */
const UNAVAILABLE = new Set([
  'ERR_JWKS_TIMEOUT',
  'ERR_JOSE_GENERIC',
  'ERR_LAB_NO_NETWORK',
  'ERR_LAB_REDIRECT_REFUSED',
  'ERR_HOP_INTROSPECTION_UNAVAILABLE',
]);

function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string') {
    return (error as { code: string }).code;
  }
  if (error instanceof TypeError) return 'TypeError';
  if (error instanceof DOMException) return `DOMException:${error.name}`;
  return 'Error';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runs a policy and turns whatever it does into a decision; every surprise is a rejection (fail closed). */
export async function runVerification(
  policy: VerificationPolicy,
  token: string,
  context: HopContext,
): Promise<VerificationOutcome> {
  let result: unknown;
  try {
    result = await policy(token, context);
  } catch (error) {
    const code = codeOf(error);
    const decision = UNAVAILABLE.has(code) ? 'unavailable' : 'invalid_token';
    return { ok: false, decision, error: code, expired: code === 'ERR_JWT_EXPIRED' };
  }
  const payload = isRecord(result) && isRecord(result['payload']) ? result['payload'] : result;
  if (!isRecord(payload)) {
    return { ok: false, decision: 'invalid_token', error: 'ERR_HOP_POLICY_RESULT', expired: false };
  }
  return { ok: true, payload: payload as JWTPayload };
}

export interface JoseVerificationOptions {
  issuer: string;
  /** The issuer's JWKS URL, from configuration (never from the token). */
  jwksUri: string | URL;
  algorithms: string[];
  /** Default: the hop's own audience. */
  audience?: string;
  /** Default `at+jwt` (RFC 9068 §2.1). */
  typ?: string;
  /** Default `exp`, `iat`, `jti`, `sub`. */
  requiredClaims?: string[];
  /** Seconds; default 30. */
  clockTolerance?: number;
  maxTokenAge?: number | string;
  /** Remote JWKS cache settings (cooldown, cacheMaxAge, timeout). */
  jwks?: RemoteJWKSetOptions;
}

/**
 * The secure default policy: jwtVerify with one remote JWKS created once per hop, an algorithm
 * allow-list, the issuer, the hop's audience, typ and required claims (the reference verifier's policy).
 */
export function joseVerificationPolicy(options: JoseVerificationOptions): VerificationPolicy {
  const jwks = createRemoteJWKSet(new URL(options.jwksUri), options.jwks);
  return async (token, context) => {
    const { payload } = await jwtVerify(token, jwks, {
      algorithms: options.algorithms,
      issuer: options.issuer,
      audience: options.audience ?? context.audience,
      typ: options.typ ?? 'at+jwt',
      requiredClaims: options.requiredClaims ?? ['exp', 'iat', 'jti', 'sub'],
      clockTolerance: options.clockTolerance ?? 30,
      ...(options.maxTokenAge === undefined ? {} : { maxTokenAge: options.maxTokenAge }),
    });
    return payload;
  };
}
