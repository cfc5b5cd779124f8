import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AttackTokenSchema } from '../../src/token-server/attacker/attack';
import { createAttackToolkit } from '../../src/token-server/attacker/attack-toolkit';
import { ATTACKS } from '../../src/token-server/attacker/catalogue';
import type { RawAlgorithm } from '../../src/token-server/attacker/raw-signature';
import { outcomeOf, strictVerifier } from './strict-verifier';
import { FROZEN_NOW, testTarget } from './targets';

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(FROZEN_NOW);
});
afterAll(() => vi.useRealTimers());

describe.each<RawAlgorithm>(['ES256', 'RS256', 'HS256'])(
  'the attack catalogue against an %s issuer',
  (alg) => {
    it('has a positive control the strict verifier accepts', async () => {
      const kit = createAttackToolkit({ target: await testTarget(alg) });
      await expect(strictVerifier(kit.target)(await kit.validToken())).resolves.toMatchObject({
        payload: {
          iss: 'https://as.example.test',
          aud: 'https://orders.example.test',
          sub: 'alice',
        },
      });
    });

    for (const attack of ATTACKS.filter((a) => a.mint)) {
      it(`${attack.id} (${attack.name}): jose used correctly gives each variant its documented outcome`, async () => {
        const kit = createAttackToolkit({ target: await testTarget(alg) });
        const tokens = await kit.mint(attack.id);
        const verify = strictVerifier(kit.target);
        const seen = await Promise.all(
          tokens.map(async (t) => ({
            variant: t.variant,
            outcome: await outcomeOf(verify, t.token),
          })),
        );
        expect(seen).toEqual(tokens.map((t) => ({ variant: t.variant, outcome: t.strict })));
        for (const token of tokens) expect(() => AttackTokenSchema.parse(token)).not.toThrow();
      });
    }
  },
);
