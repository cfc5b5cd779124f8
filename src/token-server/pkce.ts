import { base64url } from 'jose';

/** RFC 7636 §4.1: code-verifier = 43*128unreserved. The same shape holds for an S256 challenge (43 chars). */
export const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
export const S256_CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

/** BASE64URL(SHA256(ASCII(code_verifier))), RFC 7636 §4.2. */
export async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url.encode(new Uint8Array(digest));
}
