import { z } from 'astro/zod';
import type { CryptoKey, JWK } from 'jose';
import type { RawAlgorithm } from './raw-signature';
import { formatSchemaIssues } from '../../schemas/schema-issues';

/** A key a party signs with: what the issuer holds, what the attacker holds, or a retired issuer key. */
export interface SigningKey {
  readonly alg: RawAlgorithm;
  readonly kid: string;
  /** Private CryptoKey for asymmetric algs; secret bytes for HS*. */
  readonly privateKey: CryptoKey | Uint8Array;
  /** Public JWK as published in a JWKS (with `kid`, `alg`, `use`); absent for HMAC keys. */
  readonly publicJwk?: JWK | undefined;
}

/** The plain-data part of a target's policy. Keys are passed next to it. */
export const TargetPolicySchema = z.strictObject({
  /** The issuer the verifier pins (RFC 8725 §3.8). */
  issuer: z.url(),
  /** The audience the verifier expects (RFC 8725 §3.9). */
  audience: z.string().min(1),
  /** Another relying party's audience, for substitution tokens (A13). */
  otherAudience: z.string().min(1).default('https://other-service.example.test'),
  /** Explicit type of the tokens the verifier accepts (RFC 8725 §3.11, RFC 9068 §2.1). */
  typ: z.string().min(1).default('at+jwt'),
  /** Claims every valid token carries besides the registered time claims. */
  claims: z
    .record(z.string(), z.unknown())
    .default({ sub: 'alice', client_id: 'lab-client', scope: 'orders:read' }),
  /** The protected resource's URL, which DPoP proofs name in `htu` (RFC 9449 §4.2); default the audience. */
  resourceUrl: z.url().optional(),
  /** Access-token lifetime the policy allows, seconds. */
  lifetimeSeconds: z.number().int().positive().default(900),
  /** Leeway the verifier grants on exp/nbf/iat, seconds; time attacks step just past it. */
  clockToleranceSeconds: z.number().int().nonnegative().default(30),
});

export type TargetPolicyInput = z.input<typeof TargetPolicySchema>;
type TargetPolicy = z.output<typeof TargetPolicySchema>;

/** Everything the toolkit needs to mint hostile tokens, and valid controls, against one verifier policy. */
export interface AttackTarget extends TargetPolicy {
  /** The issuer's current signing key, the one the verifier trusts. */
  key: SigningKey;
  /** The time tokens are minted at (the run's virtual clock). */
  now: () => Date;
  /** A key the issuer has retired from its JWKS (checklist #34). */
  retiredKey?: SigningKey | undefined;
  /** A second trusted issuer and its key, for key-to-issuer binding tokens (checklist #9). */
  foreignIssuer?: { issuer: string; key: SigningKey } | undefined;
  /** The verifier's public encryption key, for unsigned JWEs (A15). */
  encryptionKey?: {
    alg: 'ECDH-ES' | 'RSA-OAEP-256';
    publicKey: CryptoKey | JWK;
  };
}

export interface AttackTargetInput extends TargetPolicyInput {
  key: SigningKey;
  now: () => Date;
  retiredKey?: SigningKey | undefined;
  foreignIssuer?: { issuer: string; key: SigningKey } | undefined;
  encryptionKey?: AttackTarget['encryptionKey'];
}

/** Validates a target's policy (clear zod errors naming the bad field) and fills the defaults. */
export function defineAttackTarget(input: AttackTargetInput): AttackTarget {
  const { key, now, retiredKey, foreignIssuer, encryptionKey, ...policy } = input;
  const parsed = TargetPolicySchema.safeParse(policy);
  if (!parsed.success) {
    throw new TypeError(`defineAttackTarget: invalid policy\n${formatSchemaIssues(parsed.error)}`);
  }
  if (key.alg.startsWith('HS') !== key.privateKey instanceof Uint8Array) {
    throw new TypeError(`defineAttackTarget: key ${key.kid} (${key.alg}) has the wrong kind of key material`);
  }
  return {
    ...parsed.data,
    key,
    now,
    ...(retiredKey ? { retiredKey } : {}),
    ...(foreignIssuer ? { foreignIssuer } : {}),
    ...(encryptionKey ? { encryptionKey } : {}),
  };
}

/** Seconds since the epoch at the target's current time (RFC 7519 §2 NumericDate). */
export function nowSeconds(target: Pick<AttackTarget, 'now'>): number {
  return Math.floor(target.now().getTime() / 1000);
}
