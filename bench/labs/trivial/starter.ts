/** The three segments of a compact JWS (RFC 7515 §7.1). */
export interface TokenParts {
  header: string;
  payload: string;
  signature: string;
}

export function splitToken(token: string): TokenParts {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return { header, payload, signature };
}
