/**
 * The attacker's toolkit as lab checks use it (`@lab/server`): hostile tokens aimed at a token server,
 * the attacker host on the run's simulated network, naive verifiers, and evidence recording.
 *
 * @example
 * const server = await createTokenServer();
 * const attacker = labAttacker(server, { audience: 'https://orders.example.test' });
 * for (const attack of await attacker.attack('A2')) expect(await callApi(attack.token)).toBe(401);
 * expect(await callApi(await attacker.validToken())).toBe(200);
 * expect(attackerHost().hits()).toBe(0);
 */
import type { TokenServer } from '../token-server';
import type { AttackId, AttackToken } from '../token-server/attacker/attack';
import { createAttackToolkit, type AttackToolkit } from '../token-server/attacker/attack-toolkit';
import { createAttacker, type Attacker } from '../token-server/attacker/attacker';
import { createAttackerHost, type AttackerHost } from '../token-server/attacker/attacker-host';
import { attackById } from '../token-server/attacker/catalogue';
import {
  attackTargetOf,
  serverVerifierPolicy,
  type ServerTargetOptions,
} from '../token-server/attacker/server-target';
import {
  createNaiveVerifier,
  type NaiveVerifier,
  type NaiveVerifierId,
} from '../token-server/attacker/naive';
import { createReferenceVerifier, type TokenVerifier } from '../token-server/attacker/reference-verifier';
import type { SimulatedNetwork } from '../token-server/network';
import { evidence, labClock, labNetwork } from './run-context';

const hosts = new WeakMap<SimulatedNetwork, AttackerHost>();

/**
 * The run's attacker host (`https://attacker.example.test`), registered on the run's network on first
 * use. Its `hits()` counts every request that reached it: a check asserts 0 to prove the learner's
 * verifier never followed a `jku`/`x5u` (checklist #6).
 */
export function attackerHost(): AttackerHost {
  const network = labNetwork();
  let host = hosts.get(network);
  if (!host) {
    const clock = labClock();
    host = createAttackerHost({ attacker: createAttacker(), now: () => clock.now() });
    host.register(network);
    hosts.set(network, host);
  }
  return host;
}

/** Records an attack token (and a DPoP proof sent with it) as the current check's evidence, shown next to its verdict. */
export function recordAttack(token: AttackToken): AttackToken {
  const { name } = attackById(token.attack);
  evidence({ token: token.token, clauses: token.clauses, note: `${token.attack} ${name}: ${token.note}` });
  if (token.dpop?.proof) {
    evidence({
      token: token.dpop.proof,
      clauses: token.clauses,
      note: `${token.attack} ${token.variant}: the DPoP proof sent with the token above (${token.dpop.htm} ${token.dpop.htu}).`,
    });
  }
  return token;
}

/** The toolkit plus minting that records evidence as it goes. */
export interface LabAttacker extends AttackToolkit {
  readonly host: AttackerHost;
  /** Mints every variant of `id` and records each as evidence. */
  attack(id: AttackId): Promise<AttackToken[]>;
  /** Mints one variant of `id` and records it as evidence. */
  attackVariant(id: AttackId, variant: string): Promise<AttackToken>;
}

/**
 * The attacker aimed at a verifier that trusts `server` (its issuer, keys and access-token shape);
 * `options` set the verifier's audience, typ and clock tolerance. Inside a run the attacker's keys
 * are the ones the run's attacker host serves.
 */
export function labAttacker(server: TokenServer, options: ServerTargetOptions = {}): LabAttacker {
  const host = attackerHost();
  const attacker: Attacker = host.attacker;
  const kit = createAttackToolkit({ target: attackTargetOf(server, options), attacker });
  return {
    ...kit,
    host,
    attack: async (id) => (await kit.mint(id)).map(recordAttack),
    attackVariant: async (id, variant) => recordAttack(await kit.mintVariant(id, variant)),
  };
}

/**
 * A deliberately flawed verifier (one documented flaw) configured for `server`, for break-then-fix
 * labs: plug `verify` into a service (`setPolicy`) and watch its matching attack get through.
 */
export function labNaiveVerifier(
  server: TokenServer,
  id: NaiveVerifierId,
  options: ServerTargetOptions = {},
): NaiveVerifier {
  return createNaiveVerifier(id, serverVerifierPolicy(server, options));
}

/** jose used correctly for `server`: the fix every naive verifier is compared with. */
export function labReferenceVerifier(server: TokenServer, options: ServerTargetOptions = {}): TokenVerifier {
  return createReferenceVerifier(serverVerifierPolicy(server, options));
}

export { ATTACKS, AttackError, attackById, type AttackErrorCode } from '../token-server/attacker/catalogue';
export {
  AttackIdSchema,
  AttackInfoSchema,
  AttackTokenSchema,
  StrictOutcomeSchema,
  type AttackId,
  type AttackInfo,
  type AttackToken,
  type StrictOutcome,
} from '../token-server/attacker/attack';
export { createAttackToolkit, type AttackToolkit } from '../token-server/attacker/attack-toolkit';
export { defineAttackTarget, type AttackTarget } from '../token-server/attacker/attack-target';
export {
  attackTargetOf,
  serverVerifierPolicy,
  type ServerTargetOptions,
} from '../token-server/attacker/server-target';
export { ATTACKER_ORIGIN, createAttacker, type Attacker } from '../token-server/attacker/attacker';
export {
  createAttackerHost,
  type AttackerHit,
  type AttackerHost,
} from '../token-server/attacker/attacker-host';
export {
  NAIVE_VERIFIERS,
  createTokenBytesDenylist,
  type NaiveVerifierInfo,
  type TokenBytesDenylist,
} from '../token-server/attacker/naive';
export type { VerifiedToken } from '../token-server/attacker/reference-verifier';
export {
  createNaiveVerifier,
  createReferenceVerifier,
  type NaiveVerifier,
  type NaiveVerifierId,
  type TokenVerifier,
};
export { verifierPolicyOf, type VerifierPolicy } from '../token-server/attacker/verifier-policy';
export { WEAK_SECRETS, crackHmacSecret } from '../token-server/attacker/weak-secrets';
export { rsaModulusBits } from '../token-server/attacker/key-strength';
export {
  accessTokenHash,
  createDpopKey,
  mintDpopProof,
  type DpopAlgorithm,
  type DpopKey,
  type ProofClaims,
} from '../token-server/attacker/dpop-proof';
export type { TokenChanges } from '../token-server/attacker/valid-token';
