/** 256 bits of randomness, base64url: opaque tokens and codes nobody can guess or decode (RFC 6749 §10.10). */
export function opaqueToken(prefix = ''): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return prefix + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
