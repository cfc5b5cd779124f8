import type { JWTPayload } from 'jose';
import { CodedError } from '../../errors/coded-error';
import type { VerificationPolicy } from './verification-policy';

const INTROSPECTION_ERROR_CODES = [
  'ERR_HOP_INTROSPECTION_UNAVAILABLE',
  'ERR_HOP_TOKEN_INACTIVE',
  'ERR_HOP_AUDIENCE',
] as const;

export type IntrospectionErrorCode = (typeof INTROSPECTION_ERROR_CODES)[number];

export class IntrospectionError extends CodedError<IntrospectionErrorCode> {
  static readonly codes = INTROSPECTION_ERROR_CODES;
  override readonly name = 'IntrospectionError';
}

export interface IntrospectionPolicyOptions {
  /** The authorization server's RFC 7662 endpoint. */
  endpoint: string;
  /** The hop's own client credentials: RFC 7662 §2.1 requires the caller to be authorised. */
  clientId: string;
  clientSecret: string;
  /** Default: the global fetch (the run's simulated network). */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * Online validation (OWASP Microservices Security cheat sheet): ask the authorization server about
 * every token, so a revoked token stops working at once, at the cost of a call per request. Inactive
 * tokens and tokens for another audience are rejected; an unreachable or failing endpoint is a 503.
 */
export function introspectionPolicy(options: IntrospectionPolicyOptions): VerificationPolicy {
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  // RFC 6749 §2.3.1: form-urlencode each part before Basic encoding.
  const credentials = btoa(
    `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`,
  );
  return async (token, context) => {
    let response: Response;
    try {
      response = await send(
        new Request(options.endpoint, {
          method: 'POST',
          headers: {
            authorization: `Basic ${credentials}`,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
        }),
      );
    } catch {
      throw new IntrospectionError('ERR_HOP_INTROSPECTION_UNAVAILABLE', 'introspection endpoint unreachable');
    }
    if (response.status !== 200) {
      throw new IntrospectionError(
        'ERR_HOP_INTROSPECTION_UNAVAILABLE',
        `introspection answered ${response.status}`,
      );
    }
    const body = (await response.json().catch(() => ({}))) as JWTPayload & { active?: unknown };
    if (body.active !== true) throw new IntrospectionError('ERR_HOP_TOKEN_INACTIVE', 'token is not active');
    const audiences = Array.isArray(body.aud) ? body.aud : [body.aud];
    if (!audiences.includes(context.audience)) {
      throw new IntrospectionError('ERR_HOP_AUDIENCE', 'token is not meant for this service');
    }
    const { active: _active, ...claims } = body;
    return claims;
  };
}
