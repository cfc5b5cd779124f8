import type { AttackId, AttackInfo, AttackToken } from './attack';
import { defineAttackTarget, type AttackTarget, type AttackTargetInput } from './attack-target';
import { createAttacker, type Attacker } from './attacker';
import { ATTACKS, AttackError, attackById } from './catalogue';
import { mintValidToken, type TokenChanges } from './valid-token';

/**
 * The attacker's toolkit aimed at one verifier policy: mints every variant of an attack, one named
 * variant, or the valid control token an attack check pairs with.
 *
 * @example
 * const kit = createAttackToolkit({ target: { issuer, audience, key, now: () => clock.now() } });
 * for (const t of await kit.mint('A2')) expect(await verify(t.token)).toBe(401);
 * expect(await verify(await kit.validToken())).toBe(200);
 */
export interface AttackToolkit {
  readonly target: AttackTarget;
  readonly attacker: Attacker;
  /** Descriptions of every attack in the catalogue. */
  catalogue(): AttackInfo[];
  /** Every variant of `id` that applies to the target (an empty list when none does, e.g. C34 without a retired key). */
  mint(id: AttackId): Promise<AttackToken[]>;
  /** One variant of `id`; `ERR_ATTACK_NO_VARIANT` names the variants that exist. */
  mintVariant(id: AttackId, variant: string): Promise<AttackToken>;
  /** The positive control: a token the target's policy accepts, after optional changes. */
  validToken(changes?: TokenChanges): Promise<string>;
}

export interface AttackToolkitOptions {
  target: AttackTarget | AttackTargetInput;
  attacker?: Attacker;
}

function isDefined(target: AttackTarget | AttackTargetInput): target is AttackTarget {
  return 'lifetimeSeconds' in target && 'typ' in target && 'otherAudience' in target && 'claims' in target;
}

export function createAttackToolkit(options: AttackToolkitOptions): AttackToolkit {
  const target = isDefined(options.target) ? options.target : defineAttackTarget(options.target);
  const attacker = options.attacker ?? createAttacker();
  const mint = async (id: AttackId): Promise<AttackToken[]> => {
    const attack = attackById(id);
    if (!attack.mint) {
      throw new AttackError(
        'ERR_ATTACK_SCENARIO_ONLY',
        `attack ${id} mints no token: exercised by ${attack.scenario}`,
      );
    }
    return attack.mint({ target, attacker });
  };
  return {
    target,
    attacker,
    catalogue: () =>
      ATTACKS.map(({ id, name, note, clauses, checklist }) => ({
        id,
        name,
        note,
        clauses,
        checklist,
      })),
    mint,
    async mintVariant(id, variant) {
      const tokens = await mint(id);
      const found = tokens.find((t) => t.variant === variant);
      if (!found) {
        const known = tokens.map((t) => t.variant).join(', ') || 'none for this target';
        throw new AttackError(
          'ERR_ATTACK_NO_VARIANT',
          `attack ${id} has no variant "${variant}" (variants: ${known})`,
        );
      }
      return found;
    },
    validToken: (changes) => mintValidToken(target, changes),
  };
}
