import { base64url, type JWK } from 'jose';

/**
 * ECDSA P-256 verification written out by hand (SEC 1 §4.1.4, curve from SEC 2 §2.4.2), the way a
 * non-jose component might do it, WITHOUT step 1: checking that 1 ≤ r, s ≤ n − 1. That omission is
 * CVE-2022-21449 ("psychic signatures"): with r = s = 0, s⁻¹ computed as s^(n−2) is 0, the point
 * u1·G + u2·Q is the point at infinity, whose x is taken as 0, and 0 = r "verifies" any message.
 * Only the naive verifier built on it uses this; everything else verifies through WebCrypto.
 */

const P = BigInt('0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff');
const N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const GX = BigInt('0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296');
const GY = BigInt('0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5');

/** Jacobian coordinates (X, Y, Z) ↦ (X/Z², Y/Z³); Z = 0 is the point at infinity. */
type Point = readonly [bigint, bigint, bigint];
const INFINITY: Point = [1n, 1n, 0n];

const mod = (a: bigint, m = P) => ((a % m) + m) % m;

function power(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}

/** dbl-2001-b (a = −3). */
function double([x, y, z]: Point): Point {
  if (z === 0n || y === 0n) return INFINITY;
  const delta = mod(z * z);
  const gamma = mod(y * y);
  const beta = mod(x * gamma);
  const alpha = mod(3n * (x - delta) * (x + delta));
  const x3 = mod(alpha * alpha - 8n * beta);
  const z3 = mod((y + z) * (y + z) - gamma - delta);
  const y3 = mod(alpha * (4n * beta - x3) - 8n * gamma * gamma);
  return [x3, y3, z3];
}

/** add-2007-bl. */
function add(p: Point, q: Point): Point {
  if (p[2] === 0n) return q;
  if (q[2] === 0n) return p;
  const [x1, y1, z1] = p;
  const [x2, y2, z2] = q;
  const z1z1 = mod(z1 * z1);
  const z2z2 = mod(z2 * z2);
  const u1 = mod(x1 * z2z2);
  const u2 = mod(x2 * z1z1);
  const s1 = mod(y1 * z2 * z2z2);
  const s2 = mod(y2 * z1 * z1z1);
  const h = mod(u2 - u1);
  const r = mod(2n * (s2 - s1));
  if (h === 0n) return r === 0n ? double(p) : INFINITY;
  const i = mod(4n * h * h);
  const j = mod(h * i);
  const v = mod(u1 * i);
  const x3 = mod(r * r - j - 2n * v);
  const y3 = mod(r * (v - x3) - 2n * s1 * j);
  const z3 = mod(((z1 + z2) * (z1 + z2) - z1z1 - z2z2) * h);
  return [x3, y3, z3];
}

function multiply(k: bigint, point: Point): Point {
  let result = INFINITY;
  for (let bit = BigInt(k.toString(2).length - 1); bit >= 0n; bit--) {
    result = double(result);
    if ((k >> bit) & 1n) result = add(result, point);
  }
  return result;
}

function affineX([x, , z]: Point): bigint {
  // The flaw's second half: the point at infinity is given x = 0 instead of failing verification.
  if (z === 0n) return 0n;
  return mod(x * power(power(z, 2n, P), P - 2n, P));
}

const toBigInt = (bytes: Uint8Array) =>
  BigInt(`0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') || '0'}`);

/** Verifies a raw R‖S ES256 signature over `data` with a P-256 public JWK, skipping the r/s range check. */
export async function verifyP256WithoutRangeCheck(
  publicJwk: JWK,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  if (publicJwk.kty !== 'EC' || publicJwk.crv !== 'P-256' || !publicJwk.x || !publicJwk.y) return false;
  if (signature.length !== 64) return false;
  const r = toBigInt(signature.subarray(0, 32));
  const s = toBigInt(signature.subarray(32));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(data)));
  const e = toBigInt(digest);
  const w = power(s, N - 2n, N);
  const q: Point = [toBigInt(base64url.decode(publicJwk.x)), toBigInt(base64url.decode(publicJwk.y)), 1n];
  const point = add(multiply(mod(e * w, N), [GX, GY, 1n]), multiply(mod(r * w, N), q));
  return mod(affineX(point), N) === r;
}
