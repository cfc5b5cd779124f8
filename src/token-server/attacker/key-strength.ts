import { base64url, type JWK } from 'jose';

/**
 * The bit length of an RSA public key's modulus, from its JWK `n` (RFC 7518 §6.3.1.1). RFC 7518 §3.3
 * requires at least 2048 bits for the RS and PS algorithms; a grader checks each key a learner publishes (checklist #5).
 */
export function rsaModulusBits(jwk: JWK): number {
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string') {
    throw new TypeError(`rsaModulusBits: expected an RSA JWK with "n", got kty ${String(jwk.kty)}`);
  }
  const bytes = base64url.decode(jwk.n);
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  const first = bytes[start];
  if (first === undefined) return 0;
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(first));
}
