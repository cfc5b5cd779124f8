import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../src/token-server/clock';
import { createKeySet, loadSimulationKey, SIGNING_ALGORITHMS } from '../../src/token-server/keys';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

describe('loadSimulationKey', () => {
  it.each(SIGNING_ALGORITHMS)('loads a %s key that signs and verifies', async (alg) => {
    const key = await loadSimulationKey(alg);
    const token = await new SignJWT({ hello: 'world' })
      .setProtectedHeader({ alg, kid: key.kid })
      .sign(key.privateKey);
    const { payload } = await jwtVerify(token, key.publicKey, { algorithms: [alg] });
    expect(payload['hello']).toBe('world');
  });

  it('keeps attacker keys distinct from issuer keys', async () => {
    const issuer = await loadSimulationKey('ES256', 0, 'issuer');
    const attacker = await loadSimulationKey('ES256', 0, 'attacker');
    expect(attacker.kid).not.toBe(issuer.kid);
    expect(attacker.publicJwk?.x).not.toBe(issuer.publicJwk?.x);
  });

  it('fails with ERR_KEY_POOL_EXHAUSTED past the pre-generated keys', async () => {
    await expect(loadSimulationKey('ES256', 99)).rejects.toMatchObject({ code: 'ERR_KEY_POOL_EXHAUSTED' });
  });
});

describe('createKeySet', () => {
  it('publishes only public members, each key with kid, alg and use', async () => {
    for (const alg of ['ES256', 'RS256', 'PS256', 'Ed25519'] as const) {
      const keys = await createKeySet(alg, createVirtualClock());
      const [jwk] = keys.jwks().keys;
      expect(jwk).toMatchObject({ kid: keys.signingKey().kid, alg, use: 'sig' });
      for (const member of PRIVATE_MEMBERS) expect(jwk).not.toHaveProperty(member);
    }
  });

  it('never publishes an HS256 secret', async () => {
    const keys = await createKeySet('HS256', createVirtualClock());
    expect(keys.jwks().keys).toEqual([]);
  });

  it('rotates with overlap: pre-publish, promote, keep the old key until retired', async () => {
    const keys = await createKeySet('ES256', createVirtualClock());
    const first = keys.signingKey();
    const next = await keys.add();
    expect(keys.signingKey().kid).toBe(first.kid);
    expect(keys.jwks().keys.map((k) => k.kid)).toEqual([first.kid, next.kid]);
    keys.promote(next.kid);
    expect(keys.signingKey().kid).toBe(next.kid);
    expect(keys.list().map((k) => k.status)).toEqual(['retiring', 'signing']);
    expect(keys.verificationKey(first.kid)).toBeDefined();
    keys.retire(first.kid);
    expect(keys.jwks().keys.map((k) => k.kid)).toEqual([next.kid]);
    expect(keys.verificationKey(first.kid)).toBeUndefined();
  });

  it('refuses to retire the signing key (ERR_KEY_IS_SIGNING) or promote a retired one (ERR_KEY_RETIRED)', async () => {
    const keys = await createKeySet('ES256', createVirtualClock());
    const first = keys.signingKey();
    expect(() => keys.retire(first.kid)).toThrow(expect.objectContaining({ code: 'ERR_KEY_IS_SIGNING' }));
    await keys.rotate();
    keys.retire(first.kid);
    expect(() => keys.promote(first.kid)).toThrow(expect.objectContaining({ code: 'ERR_KEY_RETIRED' }));
    expect(() => keys.promote('nope')).toThrow(expect.objectContaining({ code: 'ERR_KEY_UNKNOWN_KID' }));
  });

  it('says a key is safe to retire only once every token it signed has expired', async () => {
    const clock = createVirtualClock();
    const keys = await createKeySet('ES256', clock);
    const first = keys.signingKey();
    keys.noteSigned(first.kid, clock.nowMs() + 300_000);
    await keys.rotate();
    expect(keys.safeToRetire(first.kid)).toBe(false);
    await clock.advance(300);
    expect(keys.safeToRetire(first.kid)).toBe(true);
  });

  it('generates keys beyond the pre-generated pool', async () => {
    const keys = await createKeySet('Ed25519', createVirtualClock());
    for (let i = 0; i < 4; i++) await keys.rotate();
    expect(new Set(keys.list().map((k) => k.key.kid)).size).toBe(5);
  });
});
