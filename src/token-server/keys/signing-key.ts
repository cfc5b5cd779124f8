import { calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { base64url } from 'jose';
import { isSymmetric, SigningAlgorithmSchema, type SigningAlgorithm } from './algorithms';

/** A key ready for jose: sign with `privateKey`, verify with `publicKey` (the same secret for HS256). */
export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: CryptoKey | Uint8Array;
  readonly publicKey: CryptoKey | Uint8Array;
  /** The public JWK with `kid`, `alg` and `use: "sig"`; `undefined` for HS256 (a secret is never published). */
  readonly publicJwk: JWK | undefined;
}

export type KeyRole = 'issuer' | 'attacker';

/** HS256 secrets are 256 bits (RFC 7518 §3.2: a key at least as long as the hash output). */
const SECRET_BYTES = 32;

/**
 * A fresh key for `alg`. The private key is a non-extractable CryptoKey: nothing, not even trusted code, can
 * read it out, so it can only sign where it was handed. HS256 secrets stay raw bytes on the trusted side (the
 * labs hand a verifier its shared secret). The `kid` is the RFC 7638 thumbprint of the public JWK (random bytes
 * of the same length for a secret, which must not be hashed into a public name): it names the key without
 * saying whose it is.
 */
export async function generateSigningKey(alg: SigningAlgorithm): Promise<SigningKey> {
  SigningAlgorithmSchema.parse(alg);
  if (isSymmetric(alg)) {
    const secret = crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
    const kid = base64url.encode(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
    return Object.freeze({ kid, alg, privateKey: secret, publicKey: secret, publicJwk: undefined });
  }
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: false });
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
  const cacheKey = `${role}:${alg}:${index}`;
  let loaded = cache.get(cacheKey);
  if (!loaded) {
    loaded = generateSigningKey(alg);
    cache.set(cacheKey, loaded);
    loaded.catch(() => cache.delete(cacheKey));
  }
  return loaded;
}

/** The cached keys every run may ask for: the first issuer and attacker key of every algorithm, by cache key. */
export type SimulationKeys = Readonly<Record<string, SigningKey>>;

/**
 * Generates the first issuer and attacker key of every algorithm: a grader's warm-up calls it before the run
 * starts, because an RSA key takes a fifth of a second or more to generate, too long to pay inside a check's
 * deadline. The Node grader host calls it once and hands the keys to every grading thread it starts
 * (`adoptSimulationKeys`); the browser worker's rehearsal asks for the same keys while the learner reads.
 */
export async function prefetchSimulationKeys(): Promise<SimulationKeys> {
  const roles: readonly KeyRole[] = ['issuer', 'attacker'];
  const wanted = SigningAlgorithmSchema.options.flatMap((alg) => roles.map((role) => ({ alg, role })));
  const keys = await Promise.all(wanted.map(({ alg, role }) => loadSimulationKey(alg, 0, role)));
  return Object.fromEntries(wanted.map(({ alg, role }, i) => [`${role}:${alg}:0`, keys[i] as SigningKey]));
}

/**
 * Takes the keys another thread of this process generated, as structured clones: each becomes this thread's
 * cached key of its role and algorithm (a key already cached here stays). A clone of a non-extractable
 * CryptoKey is still non-extractable; the clone is frozen again, as `generateSigningKey` leaves a key.
 */
export function adoptSimulationKeys(keys: SimulationKeys): void {
  for (const [cacheKey, key] of Object.entries(keys)) {
    if (cache.has(cacheKey)) continue;
    const privateKey = key.privateKey instanceof Uint8Array ? key.privateKey : Object.freeze(key.privateKey);
    const publicJwk = key.publicJwk && Object.freeze({ ...key.publicJwk });
    cache.set(cacheKey, Promise.resolve(Object.freeze({ ...key, privateKey, publicJwk })));
  }
}
