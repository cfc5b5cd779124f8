import type { CryptoKey } from 'jose';

/** The JWS algorithms the attacker can sign with directly through WebCrypto. */
export type RawAlgorithm =
  | 'HS256'
  | 'HS384'
  | 'HS512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  | 'Ed25519';

const HASH: Record<string, string> = {
  '256': 'SHA-256',
  '384': 'SHA-384',
  '512': 'SHA-512',
};

/** HMAC block size (bytes) per hash, RFC 2104 §2 "B". */
const HMAC_BLOCK: Record<string, number> = {
  '256': 64,
  '384': 128,
  '512': 128,
};

function hashOf(alg: RawAlgorithm): string {
  const hash = HASH[alg.slice(2)];
  if (!hash) throw new TypeError(`raw-signature: no hash for alg ${alg}`);
  return hash;
}

/**
 * WebCrypto refuses zero-length HMAC keys, but RFC 2104 §2 pads any key shorter than the block size
 * with zeros, so an all-zero block-sized key produces exactly the MAC an empty key would. Attacks that
 * sign "with an empty key" (kid → /dev/null) rely on this equivalence.
 */
export function hmacKeyBytes(alg: RawAlgorithm, secret: Uint8Array): Uint8Array<ArrayBuffer> {
  if (secret.length > 0) return new Uint8Array(secret);
  return new Uint8Array(HMAC_BLOCK[alg.slice(2)] ?? 64);
}

async function hmac(
  alg: RawAlgorithm,
  secret: Uint8Array,
  data: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    hmacKeyBytes(alg, secret),
    { name: 'HMAC', hash: hashOf(alg) },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, data));
}

function subtleParams(alg: RawAlgorithm): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  if (alg === 'EdDSA' || alg === 'Ed25519') return { name: 'Ed25519' };
  if (alg.startsWith('RS')) return { name: 'RSASSA-PKCS1-v1_5' };
  if (alg.startsWith('PS'))
    return {
      name: 'RSA-PSS',
      saltLength: Number(alg.slice(2)) / 8,
    } as RsaPssParams;
  return { name: 'ECDSA', hash: hashOf(alg) } as EcdsaParams;
}

/**
 * Signs a JWS signing input exactly as RFC 7515 §5.1 step 5 describes, with no header checks at all,
 * so hostile headers (duplicate members, `alg` case variants, bogus `crit`) can carry a real signature.
 * An HMAC alg takes raw secret bytes; any other alg takes a private CryptoKey made for it.
 */
export async function signRaw(
  alg: RawAlgorithm,
  key: CryptoKey | Uint8Array,
  signingInput: string | Uint8Array,
): Promise<Uint8Array> {
  const data =
    typeof signingInput === 'string' ? new TextEncoder().encode(signingInput) : new Uint8Array(signingInput);
  if (alg.startsWith('HS')) {
    if (!(key instanceof Uint8Array)) throw new TypeError(`raw-signature: ${alg} needs secret bytes`);
    return hmac(alg, key, data);
  }
  if (key instanceof Uint8Array) throw new TypeError(`raw-signature: ${alg} needs a private CryptoKey`);
  // WebCrypto ECDSA already yields the fixed-length R‖S form RFC 7518 §3.4 requires.
  return new Uint8Array(await crypto.subtle.sign(subtleParams(alg), key, data));
}
