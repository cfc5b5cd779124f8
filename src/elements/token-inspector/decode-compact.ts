import { decodeBase64url, decodeText, parseJsonObject } from './decode-part';
import { InspectionError } from './inspection';

export interface DecodedCompact {
  kind: 'jws' | 'jwe';
  header: Record<string, unknown>;
  /** The header's JSON text, as sent (duplicate members are only visible here). */
  headerJson: string;
  /**
   * A JWS's claims and their JSON text, or why they do not decode: an attack may send anything as the
   * payload, and the header is still worth showing. Undefined for a JWE, whose claims are encrypted.
   */
  payload: { claims: Record<string, unknown>; json: string } | InspectionError | undefined;
  /** A JWS's signature length in bytes. */
  signatureBytes: number | undefined;
}

/**
 * The one decoder of compact tokens (RFC 7515 §7.1, RFC 7516 §7.1), shared by the token inspector and the
 * lab results' evidence. Decoding only: nothing is verified. Accepts a pasted `Authorization` value.
 * Throws an InspectionError naming the part when the input is no JWT.
 */
export function decodeCompact(input: string): DecodedCompact {
  const token = input.trim().replace(/^Bearer\s+/i, '');
  if (token.length === 0) throw new InspectionError('ERR_EMPTY', 'Paste a token to inspect it.', 'token');
  const parts = token.split('.');
  if (parts.length !== 3 && parts.length !== 5) {
    throw new InspectionError(
      'ERR_NOT_COMPACT',
      `Not a JWT: a compact JWS has 3 dot-separated parts and a JWE has 5; this has ${parts.length}.`,
      'token',
    );
  }
  const headerJson = decodeText(parts[0]!, 'header');
  const header = parseJsonObject(headerJson, 'header');
  if (parts.length === 5) {
    return { kind: 'jwe', header, headerJson, payload: undefined, signatureBytes: undefined };
  }
  let payload: DecodedCompact['payload'];
  try {
    const json = decodeText(parts[1]!, 'payload');
    payload = { claims: parseJsonObject(json, 'payload'), json };
  } catch (error) {
    if (!(error instanceof InspectionError)) throw error;
    payload = error;
  }
  return {
    kind: 'jws',
    header,
    headerJson,
    payload,
    signatureBytes: decodeBase64url(parts[2]!, 'signature').length,
  };
}
