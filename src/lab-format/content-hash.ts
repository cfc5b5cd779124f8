import { createHash } from 'node:crypto';

/** A short, stable fingerprint of a lab file, so saved code can tell that the starter or checks changed. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex').slice(0, 16);
}
