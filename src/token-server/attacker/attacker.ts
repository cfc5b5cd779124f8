import { calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { SigningAlgorithmSchema } from '../keys/algorithms';
import { loadSimulationKey } from '../keys/signing-key';
import type { SigningKey } from './attack-target';
import type { RawAlgorithm } from './raw-signature';

/** The simulated origin an attacker controls; `jku`/`x5u` tokens point here. */
export const ATTACKER_ORIGIN = 'https://attacker.example.test';

export type AsymmetricAlgorithm = Exclude<RawAlgorithm, 'HS256' | 'HS384' | 'HS512'>;

/** Where the attacker's key pairs come from (the simulation's per-process keys, or fresh ones). */
export type KeyPairSource = (
  alg: AsymmetricAlgorithm,
) => Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }>;

const generated = new Map<AsymmetricAlgorithm, Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }>>();

/**
 * The simulation's attacker keys where the simulation has one for `alg`, otherwise a non-extractable pair
 * generated once per process: attacker keys carry no per-run state.
 */
const simulationKeyPairs: KeyPairSource = (alg) => {
  let pair = generated.get(alg);
  if (!pair) {
    const pooled = SigningAlgorithmSchema.safeParse(alg);
    pair = pooled.success
      ? loadSimulationKey(pooled.data, 0, 'attacker').then(({ privateKey, publicKey }) => {
          if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) {
            throw new TypeError(`attacker: simulation key for ${alg} is not a key pair`);
          }
          return { privateKey, publicKey };
        })
      : generateKeyPair(alg, { extractable: false });
    generated.set(alg, pair);
  }
  return pair;
};

const publicForms = new WeakMap<CryptoKey, Promise<{ exported: JWK; thumbprint: string }>>();

/**
 * A public key's JWK and RFC 7638 thumbprint, worked out once per key: every check builds a fresh attacker,
 * but the key pairs are the process's own, and two WebCrypto round trips per check add up in a run.
 */
function publicForm(publicKey: CryptoKey): Promise<{ exported: JWK; thumbprint: string }> {
  let form = publicForms.get(publicKey);
  if (!form) {
    form = exportJWK(publicKey).then(async (exported) => ({
      exported: Object.freeze(exported),
      thumbprint: await calculateJwkThumbprint(exported, 'sha256'),
    }));
    publicForms.set(publicKey, form);
    form.catch(() => publicForms.delete(publicKey));
  }
  return form;
}

/** A key the attacker host publishes: in its JWKS under `kid`, and as a certificate for `x5u`. */
export interface PublishedKey extends SigningKey {
  readonly alg: AsymmetricAlgorithm;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** The attacker: its own key pairs, the keys its host publishes, and the URLs that host serves. */
export interface Attacker {
  readonly origin: string;
  /** The attacker host's JWK Set, the `jku` target. */
  readonly jwksUrl: string;
  /** The certificate URL for a published `kid`, the `x5u` target. */
  certificateUrl(kid: string): string;
  /**
   * The attacker's key for `alg`, published under `kid` (default: the key's RFC 7638 thumbprint, a name that
   * says nothing about whose key it is, like the authorization server's).
   */
  key(alg: AsymmetricAlgorithm, kid?: string): Promise<PublishedKey>;
  /** Every key published so far, by kid. */
  published(): ReadonlyMap<string, PublishedKey>;
}

export function createAttacker(options: { origin?: string; keyPairs?: KeyPairSource } = {}): Attacker {
  const origin = new URL(options.origin ?? ATTACKER_ORIGIN).origin;
  const keyPairs = options.keyPairs ?? simulationKeyPairs;
  const keys = new Map<string, PublishedKey>();
  const defaultKids = new Map<AsymmetricAlgorithm, string>();
  return {
    origin,
    jwksUrl: `${origin}/.well-known/jwks.json`,
    certificateUrl: (kid) => `${origin}/certs/${encodeURIComponent(kid)}.pem`,
    async key(alg, requestedKid) {
      const named = requestedKid ?? defaultKids.get(alg);
      const existing = named === undefined ? undefined : keys.get(named);
      if (existing && existing.alg === alg) return existing;
      if (existing) throw new TypeError(`attacker: kid ${named} is already published for ${existing.alg}`);
      const pair = await keyPairs(alg);
      const { exported, thumbprint } = await publicForm(pair.publicKey);
      const kid = named ?? thumbprint;
      if (requestedKid === undefined) defaultKids.set(alg, kid);
      const publicJwk: JWK = { ...exported, kid, alg, use: 'sig' };
      const key: PublishedKey = {
        alg,
        kid,
        privateKey: pair.privateKey,
        publicKey: pair.publicKey,
        publicJwk,
      };
      keys.set(kid, key);
      return key;
    },
    published: () => keys,
  };
}
