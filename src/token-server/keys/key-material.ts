import { base64url, type CryptoKey } from 'jose';
import { isSymmetric, SigningAlgorithmSchema, type SigningAlgorithm } from './algorithms';

/** HS256 secrets are 256 bits (RFC 7518 §3.2: a key at least as long as the hash output). */
const SECRET_BYTES = 32;

/**
 * What a simulation key is made of, before its public names are derived (./signing-key.ts): a non-extractable
 * WebCrypto pair, or an HS256 secret with its `kid`. Generating it is the slow part (a 2048-bit RSA pair takes a
 * fifth of a second or more); it is what a host makes once and hands to its grading workers, as structured clones.
 */
export type KeyMaterial =
  | { readonly privateKey: CryptoKey; readonly publicKey: CryptoKey }
  | { readonly secret: Uint8Array; readonly kid: string };

export type KeyRole = 'issuer' | 'attacker';

/**
 * WebCrypto's parameters for each asymmetric algorithm (RFC 7518 §3.3–3.5 and RFC 9864's Ed25519), as jose's
 * `generateKeyPair` sets them: RSA keys of 2048 bits (§3.3's minimum) with the exponent 65537. Called on WebCrypto
 * directly so the lab page, which generates these, carries no more of jose than its base64url.
 */
const PAIR_PARAMETERS = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  RS256: {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
  },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
  Ed25519: { name: 'Ed25519' },
} as const satisfies Record<
  Exclude<SigningAlgorithm, 'HS256'>,
  AlgorithmIdentifier | RsaHashedKeyGenParams | EcKeyGenParams
>;

/**
 * Fresh material for `alg`. The private key cannot be read out, not even by trusted code. A secret's `kid` is
 * random bytes of the same length as a thumbprint: a secret must not be hashed into a public name.
 */
export async function generateKeyMaterial(alg: SigningAlgorithm): Promise<KeyMaterial> {
  SigningAlgorithmSchema.parse(alg);
  if (isSymmetric(alg)) {
    const secret = crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
    return { secret, kid: base64url.encode(crypto.getRandomValues(new Uint8Array(SECRET_BYTES))) };
  }
  const pair = (await crypto.subtle.generateKey(PAIR_PARAMETERS[alg as keyof typeof PAIR_PARAMETERS], false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  return { privateKey: pair.privateKey, publicKey: pair.publicKey };
}

/** Where a process or worker caches the `index`-th simulation key of `role` for `alg`. */
export function simulationKeySlot(alg: SigningAlgorithm, index: number, role: KeyRole): string {
  return `${role}:${alg}:${index}`;
}

/** The first issuer and attacker key of every algorithm, by slot: what every run may ask for. */
export type SimulationKeys = Readonly<Record<string, KeyMaterial>>;

/** Every role's first key of every algorithm, as a slot and the algorithm it is for. */
export function simulationKeySlots(): { slot: string; alg: SigningAlgorithm }[] {
  const roles: readonly KeyRole[] = ['issuer', 'attacker'];
  return SigningAlgorithmSchema.options.flatMap((alg) =>
    roles.map((role) => ({ slot: simulationKeySlot(alg, 0, role), alg })),
  );
}

/**
 * Generates the material of every slot: a host (the lab page, the Node grader host) calls it once and hands the
 * result to every grading worker it starts (`adoptSimulationKeys`), so no worker pays for RSA keys of its own.
 */
export async function generateSimulationKeys(): Promise<SimulationKeys> {
  const slots = simulationKeySlots();
  const made = await Promise.all(slots.map(({ alg }) => generateKeyMaterial(alg)));
  return Object.fromEntries(slots.map(({ slot }, i) => [slot, made[i] as KeyMaterial]));
}
