import { exportSPKI, importJWK, type JWK } from 'jose';
import { pemToDer } from './pem';

/** The encodings of a server's public key an RS→HS confusion attack uses as the HMAC secret. */
export interface PublicKeyEncodings {
  /** SPKI PEM exactly as `exportSPKI` writes it (what a server publishes as `public.pem`). */
  pem: string;
  /** The DER bytes inside the PEM. */
  der: Uint8Array;
  /** The published JWK serialised with `JSON.stringify`. */
  jwkJson: string;
  /** The base64url text of the RSA modulus `n` (RSA keys only). */
  modulus?: string;
}

/** Derives every encoding from the public JWK the server publishes in its JWKS. */
export async function publicKeyEncodings(publicJwk: JWK, alg: string): Promise<PublicKeyEncodings> {
  if (publicJwk.d !== undefined || publicJwk.k !== undefined) {
    throw new TypeError(`public-key-encodings: JWK ${publicJwk.kid ?? ''} is not a public key`);
  }
  const key = await importJWK(publicJwk, alg, { extractable: true });
  if (key instanceof Uint8Array) throw new TypeError(`public-key-encodings: ${alg} is not an asymmetric alg`);
  const pem = await exportSPKI(key);
  return {
    pem,
    der: pemToDer(pem),
    jwkJson: JSON.stringify(publicJwk),
    ...(typeof publicJwk.n === 'string' ? { modulus: publicJwk.n } : {}),
  };
}

/** Text as the UTF-8 bytes a naive library would pass to HMAC. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
