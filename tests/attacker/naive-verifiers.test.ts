import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAttackToolkit } from '../../src/token-server/attacker/attack-toolkit';
import { createAttacker } from '../../src/token-server/attacker/attacker';
import { createAttackerHost } from '../../src/token-server/attacker/attacker-host';
import { NAIVE_VERIFIERS, createNaiveVerifier } from '../../src/token-server/attacker/naive';
import { createReferenceVerifier } from '../../src/token-server/attacker/reference-verifier';
import { verifierPolicyOf } from '../../src/token-server/attacker/verifier-policy';
import type { RawAlgorithm } from '../../src/token-server/attacker/raw-signature';
import { FROZEN_NOW, testTarget } from './targets';

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(FROZEN_NOW);
});
afterAll(() => vi.useRealTimers());

async function accepts(verify: (token: string) => Promise<unknown>, token: string): Promise<boolean> {
  return verify(token).then(
    () => true,
    () => false,
  );
}

describe.each(NAIVE_VERIFIERS)('naive verifier $id', (info) => {
  const algs: RawAlgorithm[] = {
    symmetric: ['HS256'] as RawAlgorithm[],
    asymmetric: ['ES256', 'RS256'] as RawAlgorithm[],
    es256: ['ES256'] as RawAlgorithm[],
    any: ['ES256', 'RS256', 'HS256'] as RawAlgorithm[],
  }[info.policies];

  async function setup(alg: RawAlgorithm) {
    const target = await testTarget(alg);
    const attacker = createAttacker();
    const host = createAttackerHost({ attacker, now: () => FROZEN_NOW });
    const kit = createAttackToolkit({ target, attacker });
    const policy = {
      ...verifierPolicyOf(target),
      fetch: (input: RequestInfo | URL, init?: RequestInit) => host.fetch(new Request(input, init)),
    };
    return {
      kit,
      host,
      naive: createNaiveVerifier(info.id, policy),
      reference: createReferenceVerifier(policy),
    };
  }

  it.each(algs)('accepts the valid control token of an %s issuer', async (alg) => {
    const { kit, naive } = await setup(alg);
    expect(await accepts(naive.verify, await kit.validToken())).toBe(true);
  });

  it('is exploited by each attack variant it documents, which jose used correctly defeats', async () => {
    const mintedSomewhere = new Set<string>();
    for (const alg of algs) {
      const { kit, naive, reference } = await setup(alg);
      for (const { attack, variants } of info.exploitedBy) {
        // Some variants exist only for some issuer algs (e.g. A5 "modulus" for RSA).
        const minted = (await kit.mint(attack)).filter((t) => variants.includes(t.variant));
        for (const { variant, token } of minted) {
          mintedSomewhere.add(`${attack}/${variant}`);
          if (attack === 'A21') {
            const naiveSub = (await naive.verify(token)).payload.sub;
            const referenceSub = (await reference(token)).payload.sub;
            expect({ variant, differs: naiveSub !== referenceSub }).toEqual({ variant, differs: true });
          } else {
            expect({
              variant,
              naive: await accepts(naive.verify, token),
              reference: await accepts(reference, token),
            }).toEqual({
              variant,
              naive: true,
              reference: false,
            });
          }
        }
      }
    }
    const documented = info.exploitedBy.flatMap((e) => e.variants.map((v) => `${e.attack}/${v}`));
    expect(documented.filter((name) => !mintedSomewhere.has(name))).toEqual([]);
  });

  it.each(algs)(
    'has no other flaw: against an %s issuer every other hostile token gets the reference verdict',
    async (alg) => {
      const { kit, naive, reference } = await setup(alg);
      const documented = new Set(info.exploitedBy.flatMap((e) => e.variants.map((v) => `${e.attack}/${v}`)));
      const differing: string[] = [];
      for (const t of await kit.mintAll()) {
        const key = `${t.attack}/${t.variant}`;
        if (documented.has(key)) continue;
        if ((await accepts(naive.verify, t.token)) !== (await accepts(reference, t.token)))
          differing.push(key);
      }
      expect(differing).toEqual([]);
    },
  );
});
