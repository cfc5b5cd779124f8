import { calculateJwkThumbprint, exportJWK, type CryptoKey, type JWK } from 'jose';
import { SigningAlgorithmSchema, type SigningAlgorithm } from './algorithms';
import {
  generateKeyMaterial,
  simulationKeySlot,
  simulationKeySlots,
  type KeyMaterial,
  type KeyRole,
  type SimulationKeys,
} from './key-material';

/** A key ready for jose: sign with `privateKey`, verify with `publicKey` (the same secret for HS256). */
export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: CryptoKey | Uint8Array;
  readonly publicKey: CryptoKey | Uint8Array;
  /** The public JWK with `kid`, `alg` and `use: "sig"`; `undefined` for HS256 (a secret is never published). */
  readonly publicJwk: JWK | undefined;
}

/**
 * A fresh key for `alg`. The private key is a non-extractable CryptoKey: nothing, not even trusted code, can
 * read it out, so it can only sign where it was handed. HS256 secrets stay raw bytes on the trusted side (the
 * labs hand a verifier its shared secret). The `kid` is the RFC 7638 thumbprint of the public JWK (random bytes
 * of the same length for a secret, which must not be hashed into a public name): it names the key without
 * saying whose it is.
 */
export async function generateSigningKey(alg: SigningAlgorithm): Promise<SigningKey> {
  return signingKeyFrom(alg, await generateKeyMaterial(alg));
}

/** The key `material` makes for `alg`, frozen: its public JWK and `kid` derived (microseconds, no generation). */
async function signingKeyFrom(alg: SigningAlgorithm, material: KeyMaterial): Promise<SigningKey> {
  if ('secret' in material) {
    const secret = material.secret;
    return Object.freeze({
      kid: material.kid,
      alg,
      privateKey: secret,
      publicKey: secret,
      publicJwk: undefined,
    });
  }
  const { privateKey, publicKey } = material;
  const exported = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(exported, 'sha256');
  const publicJwk = Object.freeze({ ...exported, kid, alg, use: 'sig' });
  return Object.freeze({ kid, alg, privateKey: Object.freeze(privateKey), publicKey, publicJwk });
}

const cache = new Map<string, Promise<SigningKey>>();

/**
 * The `index`-th simulation key of `role` for `alg` (0-based): generated on first use, then shared by every
 * server and check of this process or worker. Keys are born with the process, never shipped, so no answer can
 * be written against a known key; generating only what a run asks for keeps RSA's cost off runs that never
 * use it.
 */
export function loadSimulationKey(
  alg: SigningAlgorithm,
  index = 0,
  role: KeyRole = 'issuer',
): Promise<SigningKey> {
  SigningAlgorithmSchema.parse(alg);
  return loadSlot(simulationKeySlot(alg, index, role), alg);
}

function loadSlot(slot: string, alg: SigningAlgorithm): Promise<SigningKey> {
  let loaded = cache.get(slot);
  if (!loaded) {
    loaded = generateSigningKey(alg);
    cache.set(slot, loaded);
    loaded.catch(() => cache.delete(slot));
  }
  return loaded;
}

/**
 * Generates this process's or worker's first issuer and attacker key of every algorithm, those it has not got
 * yet: a grader's warm-up calls it before the run starts, because an RSA key takes a fifth of a second or more to
 * generate, too long to pay inside a check. A grading worker first adopts what its host made for every worker
 * (`adoptSimulationKeys`), so this generates nothing unless the host could not make or send them.
 */
export async function prefetchSimulationKeys(): Promise<void> {
  await Promise.all(simulationKeySlots().map(({ slot, alg }) => loadSlot(slot, alg)));
}

/**
 * Takes the key material the host generated for every worker it starts (`generateSimulationKeys`), as structured
 * clones: each becomes this worker's cached key of its slot (a key already cached here stays). A clone of a
 * non-extractable CryptoKey is still non-extractable.
 */
export function adoptSimulationKeys(keys: SimulationKeys): void {
  const slots = new Map(simulationKeySlots().map(({ slot, alg }) => [slot, alg]));
  for (const [slot, material] of Object.entries(keys)) {
    const alg = slots.get(slot);
    if (!alg || cache.has(slot)) continue;
    const adopted = signingKeyFrom(alg, material);
    cache.set(slot, adopted);
    adopted.catch(() => cache.delete(slot));
  }
}
