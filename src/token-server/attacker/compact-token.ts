import { base64url } from 'jose';
import type { CryptoKey } from 'jose';
import { signRaw, type RawAlgorithm } from './raw-signature';

/**
 * A header or payload segment. An object is serialised with `JSON.stringify`; a string is used
 * verbatim, which is how tokens with duplicate members (RFC 7519 §4) or `1e400` numbers are built.
 */
export type Segment = Record<string, unknown> | string;

export function encodeSegment(segment: Segment): string {
  return base64url.encode(typeof segment === 'string' ? segment : JSON.stringify(segment));
}

/** `BASE64URL(header) || '.' || BASE64URL(payload)` (RFC 7515 §5.1 step 4). */
function signingInputOf(header: Segment, payload: Segment): string {
  return `${encodeSegment(header)}.${encodeSegment(payload)}`;
}

/** How the third segment is produced. */
export type SignatureSpec =
  | { kind: 'sign'; alg: RawAlgorithm; key: CryptoKey | Uint8Array }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'text'; text: string };

/** Builds a compact JWS from raw parts, never validating the header: the attacker decides everything. */
export async function compactToken(
  header: Segment,
  payload: Segment,
  signature: SignatureSpec,
): Promise<string> {
  const input = signingInputOf(header, payload);
  if (signature.kind === 'text') return `${input}.${signature.text}`;
  const bytes =
    signature.kind === 'bytes' ? signature.bytes : await signRaw(signature.alg, signature.key, input);
  return `${input}.${base64url.encode(bytes)}`;
}

/** Splits a compact JWS into its three segments, failing with a clear message on anything else. */
export function splitCompact(token: string): [string, string, string] {
  const parts = token.split('.');
  if (parts.length !== 3) throw new TypeError(`expected a compact JWS with 3 segments, got ${parts.length}`);
  return parts as [string, string, string];
}
