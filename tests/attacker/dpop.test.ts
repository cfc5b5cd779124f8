import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAttackToolkit } from '../../src/token-server/attacker/attack-toolkit';
import { createReferenceVerifier } from '../../src/token-server/attacker/reference-verifier';
import { verifyDpopProof } from '../support/reference-dpop';
import { verifierPolicyOf } from '../../src/token-server/attacker/verifier-policy';
import { FROZEN_NOW, testTarget } from './targets';

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(FROZEN_NOW);
});
afterAll(() => vi.useRealTimers());

async function setup() {
  const kit = createAttackToolkit({ target: await testTarget('ES256') });
  const verifyToken = createReferenceVerifier(verifierPolicyOf(kit.target));
  const seen = new Set<string>();
  /** The resource server: reference access-token verification, then the reference DPoP checks. */
  const present = async (token: string, dpop: { proof?: string | undefined; htm: string; htu: string }) => {
    const { payload } = await verifyToken(token);
    await verifyDpopProof({
      accessToken: { token, payload },
      ...dpop,
      proof: dpop.proof,
      now: () => FROZEN_NOW,
      seen,
    });
    return payload;
  };
  return { kit, present };
}

describe('A18 sidejacking with DPoP-bound tokens', () => {
  it('has a positive control: a bound token with a valid proof passes', async () => {
    const { kit, present } = await setup();
    const { token, dpop } = await kit.validDpop();
    await expect(present(token, dpop)).resolves.toMatchObject({ sub: 'alice' });
  });

  it('mints tokens that verify as access tokens, so only the proof checks can stop them', async () => {
    const { kit } = await setup();
    const verifyToken = createReferenceVerifier(verifierPolicyOf(kit.target));
    for (const t of await kit.mint('A18')) await expect(verifyToken(t.token)).resolves.toBeTruthy();
  });

  const expected: Record<string, string> = {
    'bound-token-without-proof': 'ERR_DPOP_MISSING',
    'proof-from-other-key': 'ERR_DPOP_JKT',
    'captured-proof-other-method': 'ERR_DPOP_HTM',
    'captured-proof-other-url': 'ERR_DPOP_HTU',
    'stale-proof': 'ERR_DPOP_IAT',
    'proof-without-ath': 'ERR_DPOP_ATH',
    'proof-for-other-token': 'ERR_DPOP_ATH',
    'proof-hs256': 'ERR_DPOP_INVALID',
    'proof-alg-none': 'ERR_DPOP_INVALID',
    'proof-wrong-typ': 'ERR_DPOP_INVALID',
    'proof-attacker-jwk': 'ERR_DPOP_INVALID',
    'proof-with-private-jwk': 'ERR_DPOP_INVALID',
  };

  it.each(Object.entries(expected))(
    '%s is rejected by the reference DPoP checks (%s)',
    async (variant, code) => {
      const { kit, present } = await setup();
      const { token, dpop } = await kit.mintVariant('A18', variant);
      await expect(present(token, dpop!)).rejects.toMatchObject({ code });
    },
  );

  it('replayed-proof passes once and is rejected the second time', async () => {
    const { kit, present } = await setup();
    const { token, dpop } = await kit.mintVariant('A18', 'replayed-proof');
    await expect(present(token, dpop!)).resolves.toBeTruthy();
    await expect(present(token, dpop!)).rejects.toMatchObject({ code: 'ERR_DPOP_REPLAY' });
  });

  it('covers every minted variant', async () => {
    const { kit } = await setup();
    const variants = (await kit.mint('A18')).map((t) => t.variant);
    expect(variants.sort()).toEqual([...Object.keys(expected), 'replayed-proof'].sort());
  });
});
