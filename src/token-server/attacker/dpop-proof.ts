import {
  base64url,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JWK,
} from 'jose';
import { compactToken, type SignatureSpec } from './compact-token';
import { randomJti } from './valid-token';

/** The asymmetric algorithms a simulated client can hold a DPoP key for (RFC 9449 §4.2: never a MAC). */
export type DpopAlgorithm = 'ES256' | 'Ed25519';

/** A DPoP key pair (RFC 9449 §2) with its public JWK and RFC 7638 thumbprint (the token's `cnf.jkt`). */
export interface DpopKey {
  alg: DpopAlgorithm;
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** The private JWK (the pair is extractable), for the "private key in the proof" variant. */
  privateJwk: JWK;
  jkt: string;
}

/** A fresh DPoP key (ES256 unless asked): a client's proof-of-possession key, never shared with anyone. */
export async function createDpopKey(alg: DpopAlgorithm = 'ES256'): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return {
    alg,
    privateKey,
    publicJwk,
    privateJwk: await exportJWK(privateKey),
    jkt: await calculateJwkThumbprint(publicJwk),
  };
}

/** `ath`: base64url SHA-256 of the access token's ASCII (RFC 9449 §4.2). */
export async function accessTokenHash(accessToken: string): Promise<string> {
  return base64url.encode(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken))),
  );
}

export interface ProofClaims {
  htm: string;
  htu: string;
  /** NumericDate. */
  iat: number;
  jti?: string;
  /** Omitted when `undefined`. */
  ath?: string | undefined;
}

/**
 * A DPoP proof JWT: header `typ: dpop+jwt`, `alg`, the public `jwk`; claims jti, htm, htu, iat and
 * ath (RFC 9449 §4.2). `header` and `signature` let attacks change what an honest client never would.
 */
export async function mintDpopProof(
  key: DpopKey,
  claims: ProofClaims,
  changes: { header?: Record<string, unknown>; signature?: SignatureSpec } = {},
): Promise<string> {
  const { ath, ...rest } = claims;
  const payload = { jti: randomJti(), ...rest, ...(ath === undefined ? {} : { ath }) };
  const header = { typ: 'dpop+jwt', alg: key.alg, jwk: key.publicJwk, ...changes.header };
  return compactToken(
    header,
    payload,
    changes.signature ?? { kind: 'sign', alg: key.alg, key: key.privateKey },
  );
}
