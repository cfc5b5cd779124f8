import { base64url } from 'jose';

/** 256 bits of randomness, base64url: opaque tokens and codes nobody can guess or decode (RFC 6749 §10.10). */
export function opaqueToken(prefix = ''): string {
  return prefix + base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
}
