import { exportJWK, generateKeyPair, generateSecret, importJWK, type JWK } from 'jose';
import { isSymmetric, SigningAlgorithmSchema, type SigningAlgorithm } from './algorithms';
import { KeyError } from './key-error';
import {
  ATTACKER_SIMULATION_KEYS,
  ISSUER_SIMULATION_KEYS,
  type SimulationKeyRecord,
} from './simulation-keys';

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

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

function publicPart(jwk: JWK, kid: string, alg: SigningAlgorithm): JWK {
  const copy: Record<string, unknown> = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete copy[member];
  delete copy['ext'];
  delete copy['key_ops'];
  return { ...(copy as JWK), kid, alg, use: 'sig' };
}

async function fromJwk(kid: string, alg: SigningAlgorithm, jwk: JWK): Promise<SigningKey> {
  if (isSymmetric(alg)) {
    const secret = await importJWK({ ...jwk, alg }, alg);
    if (!(secret instanceof Uint8Array))
      throw new KeyError('ERR_KEY_UNSUPPORTED_ALG', `${kid}: not a raw secret`);
    return { kid, alg, privateKey: secret, publicKey: secret, publicJwk: undefined };
  }
  const publicJwk = publicPart(jwk, kid, alg);
  const [privateKey, publicKey] = await Promise.all([
    importJWK({ ...jwk, alg }, alg),
    importJWK(publicJwk, alg),
  ]);
  if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) {
    throw new KeyError('ERR_KEY_UNSUPPORTED_ALG', `${kid}: expected an asymmetric key for ${alg}`);
  }
  return { kid, alg, privateKey, publicKey, publicJwk };
}

const cache = new Map<string, Promise<SigningKey>>();

function pool(role: KeyRole, alg: SigningAlgorithm): readonly SimulationKeyRecord[] {
  return (role === 'issuer' ? ISSUER_SIMULATION_KEYS : ATTACKER_SIMULATION_KEYS)[alg] ?? [];
}

/** How many pre-generated keys exist for `role` and `alg`. */
export function simulationKeyCount(role: KeyRole, alg: SigningAlgorithm): number {
  return pool(role, alg).length;
}

/**
 * The `index`-th pre-generated TEST-ONLY key for `alg` (0-based). Imported once per process and shared: the
 * keys are immutable CryptoKeys, so sharing them between servers is safe and makes server creation cheap.
 */
export function loadSimulationKey(
  alg: SigningAlgorithm,
  index = 0,
  role: KeyRole = 'issuer',
): Promise<SigningKey> {
  SigningAlgorithmSchema.parse(alg);
  const record = pool(role, alg)[index];
  if (!record) {
    return Promise.reject(
      new KeyError(
        'ERR_KEY_POOL_EXHAUSTED',
        `no pre-generated ${role} key #${index} for ${alg}; use generateSigningKey`,
      ),
    );
  }
  const cacheKey = `${role}:${alg}:${index}`;
  let loaded = cache.get(cacheKey);
  if (!loaded) {
    loaded = fromJwk(record.kid, alg, record.jwk);
    cache.set(cacheKey, loaded);
    loaded.catch(() => cache.delete(cacheKey));
  }
  return loaded;
}

/** A freshly generated key (slow for RSA: never use on a grading path where a pool key would do). */
export async function generateSigningKey(alg: SigningAlgorithm, kid: string): Promise<SigningKey> {
  if (isSymmetric(alg))
    return fromJwk(kid, alg, await exportJWK(await generateSecret(alg, { extractable: true })));
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return fromJwk(kid, alg, await exportJWK(privateKey));
}
