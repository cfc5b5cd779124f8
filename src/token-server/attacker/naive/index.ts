import type { VerifierPolicy } from '../verifier-policy';
import { ignoresAudience, ignoresCrit, ignoresTyp, lenientTime } from './claim-flaws';
import { psychicEcdsa } from './ecdsa-flaws';
import { identityFromRegex } from './identity-flaws';
import { followsHeaderUrls, kidAsFilePath, trustsEmbeddedJwk } from './key-source-flaws';
import type { NaiveVerifier, NaiveVerifierId, NaiveVerifierInfo } from './naive-verifier';
import { acceptsAlgNone, algFromHeader, decodeOnly } from './signature-flaws';

const ALL = [
  decodeOnly,
  acceptsAlgNone,
  algFromHeader,
  followsHeaderUrls,
  trustsEmbeddedJwk,
  kidAsFilePath,
  ignoresAudience,
  ignoresTyp,
  lenientTime,
  ignoresCrit,
  identityFromRegex,
  psychicEcdsa,
];

/** The descriptions of every naive verifier (flaw, fix, the attack variants that exploit it). */
export const NAIVE_VERIFIERS: readonly NaiveVerifierInfo[] = ALL.map((v) => v.info);

/** Builds the naive verifier `id` for a relying party's policy. */
export function createNaiveVerifier(id: NaiveVerifierId, policy: VerifierPolicy): NaiveVerifier {
  const found = ALL.find((v) => v.info.id === id);
  if (!found)
    throw new TypeError(`no naive verifier "${id}"; known: ${ALL.map((v) => v.info.id).join(', ')}`);
  const applies = found.info.policies;
  const symmetric = policy.alg.startsWith('HS');
  const fits =
    applies === 'any' ||
    (applies === 'symmetric' && symmetric) ||
    (applies === 'asymmetric' && !symmetric) ||
    (applies === 'es256' && policy.alg === 'ES256');
  if (!fits) {
    throw new TypeError(`naive verifier "${id}" needs a ${applies} policy, got ${policy.alg}`);
  }
  return found.create(policy);
}

export type { NaiveVerifier, NaiveVerifierId, NaiveVerifierInfo } from './naive-verifier';
export { createTokenBytesDenylist, type TokenBytesDenylist } from './token-bytes-denylist';
