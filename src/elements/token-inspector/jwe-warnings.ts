import type { InspectionWarning } from './inspection';

/** Above this PBES2 iteration count a single token costs a verifier real CPU (jose's default cap). */
export const LARGE_P2C = 10_000;

/** Warnings about a JWE's protected header: what lesson 01/04 teaches a decrypting API to refuse. */
export function jweWarnings(header: Record<string, unknown>): InspectionWarning[] {
  const warnings: InspectionWarning[] = [
    {
      code: 'ENCRYPTED',
      severity: 'info',
      message:
        'A JWE: the claims are encrypted and only the recipient can read them. Encryption to a public key does not prove who made the token (RFC 8725 §2.3).',
    },
  ];
  if (header['alg'] === 'RSA1_5') {
    warnings.push({
      code: 'JWE_RSA1_5',
      severity: 'danger',
      message:
        '"alg": "RSA1_5" is RSAES-PKCS1-v1_5 key encryption, open to padding-oracle (Bleichenbacher) attacks that recover the content key; allow RSA-OAEP-256 or ECDH-ES instead (RFC 8725 §3.1: pin the algorithms).',
    });
  }
  const p2c = header['p2c'];
  if (typeof p2c === 'number' && p2c > LARGE_P2C) {
    warnings.push({
      code: 'JWE_LARGE_P2C',
      severity: 'danger',
      message: `"p2c": ${p2c} asks the recipient for that many PBKDF2 rounds (RFC 7518 §4.8.1.2) before it can tell the token is bad: a denial-of-service shape. Refuse PBES2, or cap p2c.`,
    });
  }
  if ('zip' in header) {
    warnings.push({
      code: 'JWE_COMPRESSED',
      severity: 'caution',
      message: `"zip": ${JSON.stringify(header['zip'])}: the plaintext was compressed before encryption, so the ciphertext length leaks its content (RFC 8725 §3.6), and decompressing invites bombs. Issuers should not compress; APIs can refuse it.`,
    });
  }
  return warnings;
}
