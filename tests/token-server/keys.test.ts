import { calculateJwkThumbprint, exportJWK, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
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

  it('generates each key once per process: the same role, algorithm and index give the same key', async () => {
    const [first, again] = await Promise.all([loadSimulationKey('ES256', 7), loadSimulationKey('ES256', 7)]);
    expect(again).toBe(first);
    expect((await loadSimulationKey('ES256', 8)).kid).not.toBe(first.kid);
  });

  it.each(['ES256', 'RS256', 'PS256', 'Ed25519'] as const)(
    'keeps the %s private key non-extractable and names the key by its RFC 7638 thumbprint',
    async (alg) => {
      const key = await loadSimulationKey(alg, 0, 'attacker');
      expect(key.privateKey).toMatchObject({ extractable: false, type: 'private' });
      await expect(exportJWK(key.privateKey)).rejects.toThrow();
      expect(key.kid).toBe(await calculateJwkThumbprint(key.publicJwk!, 'sha256'));
      expect(Object.isFrozen(key)).toBe(true);
      expect(Object.isFrozen(key.publicJwk)).toBe(true);
    },
  );

  it('names an HS256 secret by random bytes, never by a hash of the secret', async () => {
    const key = await loadSimulationKey('HS256');
    expect(key.privateKey).toBeInstanceOf(Uint8Array);
    expect(key.publicJwk).toBeUndefined();
    expect(key.kid).toMatch(/^[\w-]{43}$/);
    const oct = { kty: 'oct', k: Buffer.from(key.privateKey as Uint8Array).toString('base64url') };
    expect(key.kid).not.toBe(await calculateJwkThumbprint(oct, 'sha256'));
  });

  it('never names a key after its role', async () => {
    const keys = await Promise.all(
      SIGNING_ALGORITHMS.flatMap((alg) => [
        loadSimulationKey(alg, 0, 'issuer'),
        loadSimulationKey(alg, 0, 'attacker'),
      ]),
    );
    // 43 base64url characters: a SHA-256 thumbprint or 256 random bits, the same shape for every role.
    for (const { kid } of keys) expect(kid).toMatch(/^[\w-]{43}$/);
  });
});

describe('adoptSimulationKeys', () => {
  it("makes the host's keys this worker's: the clone signs for the host's key, stays non-extractable and is frozen", async () => {
    const { generateSimulationKeys } = await import('../../src/token-server/keys/key-material');
    const made = await generateSimulationKeys();
    // What postMessage delivers to a grading worker: a structured clone.
    const cloned = structuredClone(made);
    vi.resetModules();
    const worker = await import('../../src/token-server/keys/signing-key');
    worker.adoptSimulationKeys(cloned);
    for (const alg of SIGNING_ALGORITHMS) {
      const key = await worker.loadSimulationKey(alg, 0, 'attacker');
      const material = made[`attacker:${alg}:0`];
      if (!material) throw new Error(`no attacker ${alg} key was made`);
      expect(Object.isFrozen(key)).toBe(true);
      const token = await new SignJWT({}).setProtectedHeader({ alg }).sign(key.privateKey);
      // Verified with the host's own key: the worker signs with the key the host made, not one of its own.
      const hostKey = 'secret' in material ? material.secret : material.publicKey;
      await expect(jwtVerify(token, hostKey, { algorithms: [alg] })).resolves.toBeDefined();
      expect(key.kid).toBe(
        'secret' in material
          ? material.kid
          : await calculateJwkThumbprint(await exportJWK(material.publicKey), 'sha256'),
      );
      if (key.privateKey instanceof CryptoKey) {
        expect(key.privateKey.extractable).toBe(false);
        await expect(crypto.subtle.exportKey('jwk', key.privateKey)).rejects.toThrow();
      }
    }
    // A key the worker asks for beyond the set is generated there, as before.
    const issuer = await worker.loadSimulationKey('ES256');
    const second = await worker.loadSimulationKey('ES256', 1);
    expect(second.kid).not.toBe(issuer.kid);
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

  it('generates as many keys as rotation asks for', async () => {
    const keys = await createKeySet('Ed25519', createVirtualClock());
    for (let i = 0; i < 4; i++) await keys.rotate();
    expect(new Set(keys.list().map((k) => k.key.kid)).size).toBe(5);
  });
});
