/**
 * Mistake: takes the first three segments and ignores the rest, so a four-part string is read as a JWS.
 *
 * @fails splitToken > rejects a token with two parts
 * @fails splitToken > rejects a token with four parts
 */
export interface TokenParts {
  header: string;
  payload: string;
  signature: string;
}

export function splitToken(token: string): TokenParts {
  const [header = '', payload = '', signature = ''] = token.split('.');
  if (!/^[A-Za-z0-9_-]*$/.test(header + payload + signature)) throw new Error('segments must be base64url');
  if (header === '' || payload === '') throw new Error('header and payload must not be empty');
  return { header, payload, signature };
}
