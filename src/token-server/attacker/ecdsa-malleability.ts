import { base64url } from 'jose';
import type { RawAlgorithm } from './raw-signature';

/** Group orders n of the NIST curves (SEC 2 §2.4.2, §2.5.1, §2.6.1). */
const CURVE_ORDER: Partial<Record<RawAlgorithm, bigint>> = {
  ES256: BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
  ES384: BigInt(
    '0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
  ),
  ES512: BigInt(
    '0x01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff' +
      'fffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
  ),
};

function toBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function toBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = length - 1, v = value; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** Whether `alg` is an ECDSA algorithm whose signatures this module can malleate. */
export function isMalleableEcdsa(alg: string): alg is 'ES256' | 'ES384' | 'ES512' {
  return alg in CURVE_ORDER;
}

/**
 * Replaces `s` with `n − s` in a raw R‖S ECDSA signature (RFC 7518 §3.4). ECDSA verification accepts
 * both, so the result is a second valid signature over the same input: a different token string for
 * the same claims (the OWASP JWT cheat sheet's reason not to key deny-lists on token bytes).
 */
function malleateEcdsaSignature(alg: RawAlgorithm, signature: Uint8Array): Uint8Array {
  const n = CURVE_ORDER[alg];
  if (!n) throw new TypeError(`ecdsa-malleability: ${alg} is not ES256/ES384/ES512`);
  const half = signature.length / 2;
  if (!Number.isInteger(half) || half === 0) {
    throw new TypeError(`ecdsa-malleability: signature length ${signature.length} is not R‖S`);
  }
  const s = toBigInt(signature.subarray(half));
  const out = new Uint8Array(signature.length);
  out.set(signature.subarray(0, half));
  out.set(toBytes(n - s, half), half);
  return out;
}

/** The same, on a compact token's base64url signature segment. */
export function malleateEcdsaSegment(alg: RawAlgorithm, segment: string): string {
  return base64url.encode(malleateEcdsaSignature(alg, base64url.decode(segment)));
}
