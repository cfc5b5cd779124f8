/** A compact JWS/JWE taken apart locally for display. Nothing is verified: this only shows what was sent. */
export type DecodedToken =
  | {
      ok: true;
      header: unknown;
      payload: unknown;
      signature: string;
      parts: number;
    }
  | { ok: false; reason: string };

function decodeSegment(segment: string): unknown {
  // RFC 7515 §2: base64url without padding.
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return JSON.parse(text);
}

/** Decodes the JOSE header and, for a JWS, the payload. A JWE (5 parts) shows only its header. */
export function decodeJwt(token: string): DecodedToken {
  const parts = token.trim().split('.');
  if (parts.length !== 3 && parts.length !== 5) {
    return {
      ok: false,
      reason: `a compact token has 3 (JWS) or 5 (JWE) parts, this has ${parts.length}`,
    };
  }
  let header: unknown;
  try {
    header = decodeSegment(parts[0]!);
  } catch {
    return { ok: false, reason: 'the header is not base64url-encoded JSON' };
  }
  if (parts.length === 5)
    return {
      ok: true,
      header,
      payload: '(encrypted)',
      signature: '',
      parts: 5,
    };
  let payload: unknown;
  try {
    payload = decodeSegment(parts[1]!);
  } catch {
    // RFC 7519 requires a JSON payload, but an attack may send anything: show it undecoded.
    payload = `(not JSON) ${parts[1]}`;
  }
  return { ok: true, header, payload, signature: parts[2]!, parts: 3 };
}
