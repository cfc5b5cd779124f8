import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AttackTokenSchema } from '../../src/token-server/attacker/attack';
import { createAttackToolkit } from '../../src/token-server/attacker/attack-toolkit';
import { defineAttackTarget } from '../../src/token-server/attacker/attack-target';
import { ATTACKS } from '../../src/token-server/attacker/catalogue';
import type { RawAlgorithm } from '../../src/token-server/attacker/raw-signature';
import { outcomeOf, strictVerifier } from './strict-verifier';
import { FROZEN_NOW, testTarget } from './targets';

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(FROZEN_NOW);
});
afterAll(() => vi.useRealTimers());

describe.each<RawAlgorithm>(['ES256', 'RS256', 'PS256', 'Ed25519', 'HS256'])(
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

describe('createAttackToolkit', () => {
  it('names the bad field of an invalid target', async () => {
    const target = await testTarget('ES256');
    expect(() => createAttackToolkit({ target: { ...target, issuer: 'not a url' } })).toThrow(/issuer/);
    expect(() =>
      defineAttackTarget({
        issuer: 'https://as.example.test',
        audience: '',
        key: target.key,
        now: () => FROZEN_NOW,
      }),
    ).toThrow(/audience/);
  });

  it('rejects an HMAC alg with a private CryptoKey', async () => {
    const target = await testTarget('ES256');
    expect(() => defineAttackTarget({ ...target, key: { ...target.key, alg: 'HS256' } })).toThrow(
      /wrong kind of key material/,
    );
  });

  it('fails with stable codes for unknown attacks, scenario rows and unknown variants', async () => {
    const kit = createAttackToolkit({ target: await testTarget('ES256') });
    await expect(kit.mint('A99' as never)).rejects.toMatchObject({ code: 'ERR_ATTACK_UNKNOWN' });
    await expect(kit.mint('A19')).rejects.toMatchObject({ code: 'ERR_ATTACK_SCENARIO_ONLY' });
    await expect(kit.mintVariant('A2', 'nOnE')).resolves.toMatchObject({ attack: 'A2', variant: 'nOnE' });
    await expect(kit.mintVariant('A2', 'NoNe')).rejects.toMatchObject({ code: 'ERR_ATTACK_NO_VARIANT' });
  });

  it('describes every catalogue row, A1 to A21 then the checklist items, each with clauses', async () => {
    const kit = createAttackToolkit({ target: await testTarget('ES256') });
    const ids = kit.catalogue().map((a) => a.id);
    expect(ids).toEqual([...Array.from({ length: 21 }, (_, i) => `A${i + 1}`), 'C2', 'C9', 'C34']);
    for (const info of kit.catalogue()) expect(info.clauses.length).toBeGreaterThan(0);
  });
});

describe('ATTACKS coverage of the grading checklist (docs/coverage.md)', () => {
  it('has hostile tokens or a scenario for every checklist item that needs an attacker', () => {
    const covered = new Set(ATTACKS.flatMap((a) => a.checklist));
    const needed = [
      1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 16, 17, 19, 20, 21, 26, 30, 32, 33, 34, 35, 37, 39, 40,
    ];
    expect(needed.filter((item) => !covered.has(item))).toEqual([]);
  });
});
