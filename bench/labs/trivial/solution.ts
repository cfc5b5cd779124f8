/** The three segments of a compact JWS (RFC 7515 §7.1). */
export interface TokenParts {
  header: string;
  payload: string;
  signature: string;
}

const SEGMENT = /^[A-Za-z0-9_-]*$/;

export function splitToken(token: string): TokenParts {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error(`expected 3 parts, got ${parts.length}`);
  const [header = '', payload = '', signature = ''] = parts;
  if (![header, payload, signature].every((part) => SEGMENT.test(part))) {
    throw new Error('segments must be base64url');
  }
  if (header === '' || payload === '') throw new Error('header and payload must not be empty');
  return { header, payload, signature };
}
