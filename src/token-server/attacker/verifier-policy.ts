import {
  createLocalJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import type { AttackTarget, SigningKey } from './attack-target';
import type { RawAlgorithm } from './raw-signature';

/** What a relying party is configured with: the policy both the reference and the naive verifiers follow. */
export interface VerifierPolicy {
  issuer: string;
  audience: string;
  typ: string;
  /** The one algorithm the issuer signs with (RFC 8725 §3.1). */
  alg: RawAlgorithm;
  /** The issuer's published keys (asymmetric algs). */
  jwks: JSONWebKeySet;
  /** HMAC secrets by kid (HS algs): shared out of band, never published. */
  secrets: ReadonlyMap<string, Uint8Array>;
  clockToleranceSeconds: number;
  maxTokenAgeSeconds: number;
  requiredClaims: readonly string[];
  now: () => Date;
  /** The network the verifier fetches from (default: the global `fetch`, the run's simulated network). */
  fetch?: typeof fetch;
}

/** The policy a relying party would configure for a target, trusting `trusted` keys (default: its current key). */
export function verifierPolicyOf(
  target: AttackTarget,
  trusted: readonly SigningKey[] = [target.key],
): VerifierPolicy {
  return {
    issuer: target.issuer,
    audience: target.audience,
    typ: target.typ,
    alg: target.key.alg,
    jwks: { keys: trusted.flatMap((k) => (k.publicJwk ? [k.publicJwk] : [])) },
    secrets: new Map(
      trusted.flatMap((k) => (k.privateKey instanceof Uint8Array ? [[k.kid, k.privateKey]] : [])),
    ),
    clockToleranceSeconds: target.clockToleranceSeconds,
    maxTokenAgeSeconds: target.lifetimeSeconds,
    requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
    now: target.now,
  };
}

/**
 * Key resolution done right: a JWKS for asymmetric algs; for HS, a kid → secret map that fails with
 * `JWKSNoMatchingKey` on a miss (attack A7: never a path or query built from `kid`).
 */
export function trustedKeys(policy: VerifierPolicy): JWTVerifyGetKey {
  if (!policy.alg.startsWith('HS')) return createLocalJWKSet(policy.jwks);
  return (header) => {
    const secret = header.kid === undefined ? undefined : policy.secrets.get(header.kid);
    if (!secret) throw new errors.JWKSNoMatchingKey();
    return secret;
  };
}

/** The jwtVerify options of the reference verifier: one alg, the issuer, the audience, `typ` and required claims. */
export function strictOptions(policy: VerifierPolicy): JWTVerifyOptions {
  return {
    algorithms: [policy.alg],
    issuer: policy.issuer,
    audience: policy.audience,
    typ: policy.typ,
    requiredClaims: [...policy.requiredClaims],
    clockTolerance: policy.clockToleranceSeconds,
    maxTokenAge: policy.maxTokenAgeSeconds,
    currentDate: policy.now(),
  };
}
