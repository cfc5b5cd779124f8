import { z } from 'astro/zod';
import type { AttackTarget } from './attack-target';
import type { Attacker } from './attacker';

/**
 * A1–A21 are the rows of the attack catalogue. C<n> are grading-checklist items
 * (§4) that need hostile tokens of their own: C2 off-list algorithms, C9 issuer binding, C34 retired keys.
 */
export const AttackIdSchema = z.enum([
  'A1',
  'A2',
  'A3',
  'A4',
  'A5',
  'A6',
  'A7',
  'A8',
  'A9',
  'A10',
  'A11',
  'A12',
  'A13',
  'A14',
  'A15',
  'A16',
  'A17',
  'A18',
  'A19',
  'A20',
  'A21',
  'C2',
  'C9',
  'C34',
]);

/**
 * What jose 6 used correctly (algorithm allow-list, issuer, audience, typ, requiredClaims,
 * maxTokenAge, a JWKS or typed key) does with a token: the jose error code it throws, `TypeError`
 * for key/alg misuse errors that are not JOSEErrors (§6), or `accepted` for tokens whose defense
 * lies outside jwtVerify (malleated encodings, duplicate members, sidejacking).
 */
export const StrictOutcomeSchema = z.enum([
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JWT_INVALID',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWT_EXPIRED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'TypeError',
  'accepted',
]);

/** The description of one attack: data the lab UI and checks show next to a verdict. */
export const AttackInfoSchema = z.strictObject({
  id: AttackIdSchema,
  name: z.string().min(3),
  /** One sentence: what the attack does. */
  note: z.string().min(10),
  /** The clauses it violates, e.g. "RFC 8725 §3.1". */
  clauses: z.array(z.string().min(3)).min(1),
  /** Grading-checklist items (the `#n` rows of docs/coverage.md) it exercises. */
  checklist: z.array(z.number().int().min(1).max(40)),
});

/** One hostile token, ready to present, with what jose used correctly does with it. */
export const AttackTokenSchema = z.strictObject({
  attack: AttackIdSchema,
  /** Stable variant name within the attack, e.g. `nOnE` or `pem`. */
  variant: z.string().min(1),
  token: z.string().min(1),
  note: z.string().min(10),
  clauses: z.array(z.string()).min(1),
  strict: StrictOutcomeSchema,
  /** The valid token this one was derived from, when it is a re-encoding or edit of one (A1, A11). */
  original: z.string().optional(),
  /** For DPoP attacks (A18): the proof to send in the `DPoP` header, and the request it must go with. */
  dpop: z
    .strictObject({
      /** The DPoP proof JWT (RFC 9449 §4.2); absent when the attack is to send none. */
      proof: z.string().optional(),
      /** The request the check makes with the token (`Authorization: DPoP <token>`). */
      htm: z.string(),
      htu: z.string(),
    })
    .optional(),
});

export type AttackId = z.infer<typeof AttackIdSchema>;
export type StrictOutcome = z.infer<typeof StrictOutcomeSchema>;
export type AttackInfo = z.infer<typeof AttackInfoSchema>;
export type AttackToken = z.infer<typeof AttackTokenSchema>;

/** What a mint function works against: the verifier's policy and keys, and the attacker's own keys and host. */
export interface AttackContext {
  target: AttackTarget;
  attacker: Attacker;
}

/**
 * An attack: its description plus a function minting every variant that applies to the target
 * (for example the psychic signature needs nothing, the retired-key token needs `target.retiredKey`).
 * Scenario-only rows (A19) have no mint: the token server's own endpoints exercise them.
 */
export interface Attack extends AttackInfo {
  mint?: (context: AttackContext) => Promise<AttackToken[]>;
  /** For scenario rows: where the scenario is exercised instead of a minted token. */
  scenario?: string;
}

/** One minted variant before the attack's id and clauses are attached to it. */
export type AttackEntry = Omit<AttackToken, 'attack' | 'clauses'> & {
  clauses?: string[];
};

/** Declares an attack that mints tokens; the description is validated once, here. */
export function defineAttack(
  info: AttackInfo,
  mint: (context: AttackContext) => Promise<AttackEntry[]>,
): Attack {
  const checked = AttackInfoSchema.parse(info);
  return {
    ...checked,
    mint: async (context) =>
      (await mint(context)).map((entry) => ({
        ...entry,
        attack: checked.id,
        clauses: entry.clauses ?? checked.clauses,
      })),
  };
}

/** Declares a scenario row: no token to mint, the named part of the simulation exercises it. */
export function defineScenario(info: AttackInfo, scenario: string): Attack {
  return { ...AttackInfoSchema.parse(info), scenario };
}
