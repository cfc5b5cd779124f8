const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Changes the unused low bits of a segment's last base64url character. The decoded bytes stay the
 * same, so a verifier that decodes leniently sees the same signature under a different token string.
 * Returns `undefined` when the segment length leaves no unused bits (length ≡ 0 mod 4).
 */
export function flipUnusedTailBits(segment: string): string | undefined {
  const spare = segment.length % 4 === 2 ? 4 : segment.length % 4 === 3 ? 2 : 0;
  if (spare === 0) return undefined;
  const index = ALPHABET.indexOf(segment.slice(-1));
  if (index < 0) throw new TypeError(`base64url-variants: "${segment.slice(-1)}" is not base64url`);
  const changed = ALPHABET[index ^ 1];
  return `${segment.slice(0, -1)}${changed}`;
}

/** Appends base64 `=` padding, which RFC 7515 §2 forbids in base64url but lenient decoders skip. */
export function padSegment(segment: string): string | undefined {
  const missing = (4 - (segment.length % 4)) % 4;
  return missing === 0 ? undefined : segment + '='.repeat(missing);
}
