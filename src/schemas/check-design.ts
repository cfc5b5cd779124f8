import { z } from 'astro/zod';

/**
 * The classes of flaw a lab's checks must rule out (docs/check-design.md, one rule each). Every
 * `labs/<id>/design.yaml` has one row per class.
 */
export const CHECK_DESIGN_CLASSES = [
  'exact-comparisons',
  'canonicalisation',
  'required-members',
  'algorithms-and-keys',
  'time',
  'state',
  'binding',
  'allow-lists',
  'fail-closed',
  'issuer-side',
  'undisguised-inputs',
  'static-rules',
] as const;

export const CheckDesignClassSchema = z.enum(CHECK_DESIGN_CLASSES);

/**
 * One class in one lab: either it applies, and these checks cover it, or it does not, and the reason says
 * why. Exactly one of the two; `check:labs` says which rule a row breaks (ERR_DESIGN_*).
 */
export const CheckDesignRowSchema = z.strictObject({
  /** Full names of the checks that cover the class (describe blocks and test name joined by " > "). */
  applies: z.array(z.string()).optional(),
  /** Why no submission of this lab can have a flaw of this class. */
  'does-not-apply': z.string().optional(),
  /** Anything a hardener should know: what is covered only in part, which look-alikes are tried. */
  note: z.string().optional(),
});

/** Which side of the protocol the learner writes. */
export const LabSideSchema = z.enum(['defender', 'issuer', 'attacker']);

/** `labs/<id>/design.yaml`: how the lab's checks meet the check-design standard. */
export const CheckDesignSchema = z
  .strictObject({
    side: LabSideSchema,
    /**
     * Attacker-side labs only: which code mutation testing mutates (always `solution.ts`, the reference
     * exploit) and why killing those mutants shows the checks are sound.
     */
    mutated: z
      .strictObject({
        code: z.string().min(1),
        why: z.string().min(1),
      })
      .optional(),
    classes: z.partialRecord(CheckDesignClassSchema, CheckDesignRowSchema),
  })
  .superRefine((design, ctx) => {
    if (design.side === 'attacker' && !design.mutated)
      ctx.addIssue({
        code: 'custom',
        path: ['mutated'],
        message: 'an attacker-side lab says which code is mutated and why',
      });
  });

export type CheckDesignClass = z.infer<typeof CheckDesignClassSchema>;
export type CheckDesign = z.infer<typeof CheckDesignSchema>;
