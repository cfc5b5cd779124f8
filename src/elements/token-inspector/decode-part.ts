import { base64url } from 'jose';
import { InspectionError } from './inspection';

type Part = 'header' | 'payload' | 'signature';

/** A first part that does not decode means the input is no JWT at all: say that first. */
const lead = (part: Part) => (part === 'header' ? 'Not a JWT: the header' : `The ${part}`);

/** base64url (RFC 4648 §5, no padding, as RFC 7515 §2 uses it) to bytes, naming the part on failure. */
export function decodeBase64url(text: string, part: Part): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new InspectionError(
      'ERR_BASE64URL',
      `${lead(part)} is not base64url: only A–Z, a–z, 0–9, "-" and "_" are allowed, without "=" padding.`,
      part,
    );
  }
  return base64url.decode(text);
}

/** A base64url part decoded as UTF-8 text (RFC 8725 §3.7), naming the part on failure. */
export function decodeText(text: string, part: 'header' | 'payload'): string {
  const bytes = decodeBase64url(text, part);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InspectionError(
      'ERR_JSON',
      `${lead(part)} is not valid UTF-8 text (RFC 8725 §3.7 requires UTF-8).`,
      part,
    );
  }
}

/** JSON text that must hold an object (a JOSE header or a JWT claims set). */
export function parseJsonObject(json: string, part: 'header' | 'payload'): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new InspectionError(
      'ERR_JSON',
      `${lead(part)} decodes to text that is not JSON: ${(error as Error).message}`,
      part,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    throw new InspectionError(
      'ERR_NOT_OBJECT',
      `${lead(part)} must be a JSON object, but it is ${kind}.`,
      part,
    );
  }
  return value as Record<string, unknown>;
}
