import { base64url } from 'jose';

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

/** The token's header and payload decoded without verification, for the hop log only; undefined if not JSON. */
export function decodeForDisplay(
  token: string,
): { header: Record<string, unknown>; payload: Record<string, unknown> } | undefined {
  const [header, payload] = token.split('.');
  if (header === undefined || payload === undefined) return undefined;
  try {
    const json = (segment: string) =>
      JSON.parse(new TextDecoder().decode(base64url.decode(segment))) as unknown;
    const h = json(header);
    const p = json(payload);
    const isRecord = (v: unknown): v is Record<string, unknown> =>
      typeof v === 'object' && v !== null && !Array.isArray(v);
    return isRecord(h) && isRecord(p) ? { header: h, payload: p } : undefined;
  } catch {
    return undefined;
  }
}
