import type { AttackId, AttackInfo, AttackToken } from './attack';
import { TargetPolicySchema, type AttackTarget } from './attack-target';
import { createAttacker, type Attacker } from './attacker';
import { ATTACKS, AttackError, attackById } from './catalogue';
import { accessTokenHash, createDpopKey, mintDpopProof } from './dpop-proof';
import { mintValidToken, type TokenChanges } from './valid-token';
import { formatSchemaIssues } from '../../schemas/schema-issues';

/**
 * The attacker's toolkit aimed at one verifier policy: mints every variant of an attack, one named
 * variant, or the valid control token an attack check pairs with.
 *
 * @example
 * const kit = createAttackToolkit({ target: defineAttackTarget({ issuer, audience, key, now: () => clock.now() }) });
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
  /** Every variant of every attack that mints tokens, in catalogue order (for sweeps and benchmarks). */
  mintAll(): Promise<AttackToken[]>;
  /** One variant of `id`; `ERR_ATTACK_NO_VARIANT` names the variants that exist. */
  mintVariant(id: AttackId, variant: string): Promise<AttackToken>;
  /** The positive control: a token the target's policy accepts, after optional changes. */
  validToken(changes?: TokenChanges): Promise<string>;
  /** The DPoP positive control (A18): a token bound to a fresh client key and a valid proof for GET on the resource. */
  validDpop(): Promise<{ token: string; dpop: { proof: string; htm: string; htu: string } }>;
}

export interface AttackToolkitOptions {
  /** From `defineAttackTarget` (explicit keys) or `attackTargetOf` (a running token server). */
  target: AttackTarget;
  attacker?: Attacker;
}

export function createAttackToolkit(options: AttackToolkitOptions): AttackToolkit {
  const { target } = options;
  // A hand-built target gets the same validation as defineAttackTarget's, with the field named on failure.
  const checked = TargetPolicySchema.safeParse(
    Object.fromEntries(
      Object.keys(TargetPolicySchema.shape).map((k) => [k, target[k as keyof AttackTarget]]),
    ),
  );
  if (!checked.success) {
    throw new TypeError(`createAttackToolkit: invalid target\n${formatSchemaIssues(checked.error)}`);
  }
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
    async mintAll() {
      const lists = [];
      for (const attack of ATTACKS) if (attack.mint) lists.push(await mint(attack.id));
      return lists.flat();
    },
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
    async validDpop() {
      const key = await createDpopKey();
      const token = await mintValidToken(target, { claims: { cnf: { jkt: key.jkt } } });
      const request = { htm: 'GET', htu: target.resourceUrl ?? target.audience };
      const iat = Math.floor(target.now().getTime() / 1000);
      const proof = await mintDpopProof(key, { ...request, iat, ath: await accessTokenHash(token) });
      return { token, dpop: { ...request, proof } };
    },
  };
}
