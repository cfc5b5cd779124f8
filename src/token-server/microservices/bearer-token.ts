import { decodeJwt, decodeProtectedHeader } from 'jose';

/** RFC 6750 §2.1: `Bearer` (case-insensitive scheme) followed by a b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

export type BearerExtraction =
  | { kind: 'token'; token: string }
  /** No Authorization header, or another scheme: the request carries no bearer credentials. */
  | { kind: 'none' }
  /** A Bearer header whose value is not one b64token (RFC 6750 §3.1 `invalid_request`). */
  | { kind: 'malformed' };

export function extractBearer(request: Request): BearerExtraction {
  const header = request.headers.get('authorization');
  if (header === null || !/^bearer(\s|$)/i.test(header)) return { kind: 'none' };
  const match = BEARER.exec(header.trim());
  return match?.[1] ? { kind: 'token', token: match[1] } : { kind: 'malformed' };
}

/**
 * The token's header and payload decoded without verification (jose's decoders), for the hop log only;
 * undefined when it is no compact JWS with a JSON object in both.
 */
export function decodeForHopLog(
  token: string,
): { header: Record<string, unknown>; payload: Record<string, unknown> } | undefined {
  try {
    return { header: { ...decodeProtectedHeader(token) }, payload: { ...decodeJwt(token) } };
  } catch {
    return undefined;
  }
}
