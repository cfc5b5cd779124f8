import { z } from 'astro/zod';
import { AttackIdSchema } from '../attack';
import type { TokenVerifier } from '../reference-verifier';
import type { VerifierPolicy } from '../verifier-policy';

const NaiveVerifierIdSchema = z.enum([
  'decode-only',
  'accepts-alg-none',
  'alg-from-header',
  'follows-header-urls',
  'trusts-embedded-jwk',
  'kid-as-file-path',
  'ignores-audience',
  'ignores-typ',
  'lenient-time',
  'ignores-crit',
  'identity-from-regex',
  'ecdsa-without-range-check',
]);
export type NaiveVerifierId = z.infer<typeof NaiveVerifierIdSchema>;

/** A deliberately flawed verifier for break-then-fix labs: exactly one flaw, documented as data. */
const NaiveVerifierInfoSchema = z.strictObject({
  id: NaiveVerifierIdSchema,
  name: z.string().min(3),
  /** The one thing it does wrong, in one sentence. */
  flaw: z.string().min(10),
  /** What the reference verifier does instead. */
  fix: z.string().min(10),
  /** The attack variants that exploit the flaw (each accepted, or given a different principal). */
  exploitedBy: z
    .array(z.strictObject({ attack: AttackIdSchema, variants: z.array(z.string()).min(1) }))
    .min(1),
  /** Where it applies: a symmetric (HS) policy, an asymmetric one, an ES256 one, or any. */
  policies: z.enum(['symmetric', 'asymmetric', 'es256', 'any']),
});
export type NaiveVerifierInfo = z.infer<typeof NaiveVerifierInfoSchema>;

export interface NaiveVerifier extends NaiveVerifierInfo {
  verify: TokenVerifier;
}

/** Declares a naive verifier: its description is validated once, its factory builds it per policy. */
export function defineNaiveVerifier(
  info: NaiveVerifierInfo,
  build: (policy: VerifierPolicy) => TokenVerifier,
): { info: NaiveVerifierInfo; create: (policy: VerifierPolicy) => NaiveVerifier } {
  const checked = NaiveVerifierInfoSchema.parse(info);
  return { info: checked, create: (policy) => ({ ...checked, verify: build(policy) }) };
}
