import { base64url } from 'jose';
import { splitCompact } from './compact-token';
import { signRaw, type RawAlgorithm } from './raw-signature';

/**
 * Human-chosen HMAC secrets a grader tries against HS tokens (RFC 8725 §3.5 forbids using them).
 * A short list of the classics from public wordlists: jwt.io's sample secret, defaults, and the empty key.
 */
export const WEAK_SECRETS: readonly string[] = [
  '',
  'secret',
  'password',
  '123456',
  'changeme',
  'jwt',
  'key',
  'your-256-bit-secret',
  'your-secret-key',
  'supersecret',
  'admin',
  'test',
];

/**
 * Tries each candidate as the HMAC key of an HS256/384/512 token (an offline brute force, as
 * hashcat -m 16500 does) and returns the one that reproduces the signature, or `undefined`.
 */
export async function crackHmacSecret(
  token: string,
  candidates: readonly string[] = WEAK_SECRETS,
): Promise<string | undefined> {
  const [header, payload, signature] = splitCompact(token);
  const { alg } = JSON.parse(new TextDecoder().decode(base64url.decode(header))) as { alg?: unknown };
  if (alg !== 'HS256' && alg !== 'HS384' && alg !== 'HS512') return undefined;
  for (const candidate of candidates) {
    const mac = await signRaw(
      alg as RawAlgorithm,
      new TextEncoder().encode(candidate),
      `${header}.${payload}`,
    );
    if (base64url.encode(mac) === signature) return candidate;
  }
  return undefined;
}
