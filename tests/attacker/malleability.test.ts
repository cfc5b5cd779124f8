import { describe, expect, it } from 'vitest';
import { createAttackToolkit } from '../../src/token-server/attacker/attack-toolkit';
import { createTokenBytesDenylist } from '../../src/token-server/attacker/naive';
import { rsaModulusBits } from '../../src/token-server/attacker/key-strength';
import { crackHmacSecret } from '../../src/token-server/attacker/weak-secrets';
import { outcomeOf, strictVerifier } from './strict-verifier';
import { testTarget } from './targets';

describe('A11 malleated encodings', () => {
  it('re-encode a genuine ES256 token into different strings that jose still accepts', async () => {
    const kit = createAttackToolkit({ target: await testTarget('ES256') });
    const tokens = await kit.mint('A11');
    expect(tokens.map((t) => t.variant)).toEqual([
      'ecdsa-high-s',
      'der-signature',
      'base64-tail-bits',
      'padded',
    ]);
    for (const t of tokens.filter((t) => t.strict === 'accepted')) {
      expect(t.token).not.toBe(t.original);
      expect(await outcomeOf(strictVerifier(kit.target), t.token)).toBe('accepted');
    }
  });

  it('bypass a deny-list keyed on the token bytes', async () => {
    const kit = createAttackToolkit({ target: await testTarget('ES256') });
    const denylist = createTokenBytesDenylist();
    const tokens = await kit.mint('A11');
    const original = tokens[0]!.original!;
    await denylist.revoke(original);
    expect(await denylist.isRevoked(original)).toBe(true);
    for (const t of tokens) expect(await denylist.isRevoked(t.token)).toBe(false);
  });
});

describe('crackHmacSecret', () => {
  it('finds the weak secret of an A4 token and nothing for a strong one', async () => {
    const kit = createAttackToolkit({ target: await testTarget('HS256') });
    expect(await crackHmacSecret((await kit.mintVariant('A4', 'secret')).token)).toBe('secret');
    expect(await crackHmacSecret((await kit.mintVariant('A4', 'empty-secret')).token)).toBe('');
    expect(await crackHmacSecret(await kit.validToken())).toBeUndefined();
  });
});

describe('rsaModulusBits', () => {
  it('reads the modulus length of a published RSA key', async () => {
    const { key } = await testTarget('RS256');
    expect(rsaModulusBits(key.publicJwk!)).toBe(2048);
  });

  it('refuses a key that is not RSA', async () => {
    const { key } = await testTarget('ES256');
    expect(() => rsaModulusBits(key.publicJwk!)).toThrow(/RSA/);
  });
});
