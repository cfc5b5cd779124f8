import { describe, expect, it } from 'vitest';
import { createRehearsalVerifier, headerOf } from '@lab/submission';
import {
  createTokenServer,
  evidence,
  expectAccepted,
  expectRejected,
  labAttacker,
  labClock,
  labNetwork,
  loadSimulationKey,
  recordAttack,
  settle,
  type SigningAlgorithm,
  type TokenServer,
} from '@lab/server';

const API = 'https://api.example.test';
let as: TokenServer;
let verify: (token: string) => Promise<unknown>;

async function verdict(token: string): Promise<string> {
  const outcome = await settle(() => verify(token));
  if (outcome.accepted) return 'accepted';
  return outcome.error.code ?? String(outcome.error.name);
}

async function server(): Promise<void> {
  as = await createTokenServer({ audience: API });
  verify = createRehearsalVerifier({ jwksUri: as.endpoints.jwks, issuer: as.issuer, audience: API });
}

// Cheapest first: a click that lands in the first checks waits the least.
describe('rehearsal', () => {
  // Fails by design, the only check that does: the first failure a learner sees then finds vitest's diff
  // printer compiled. tests/grading/rehearsal-lab.test.ts requires exactly this verdict set.
  it('formats a failed comparison', () => {
    expect([1, 2, 3]).toContain(2);
    expect({ a: [1, { b: 'c' }] }).toStrictEqual({ a: [1, { b: 'c' }] });
    expect(() => {
      throw new TypeError('bad token');
    }).toThrow(/token/);
    expect({ status: 401, body: { error: 'invalid_token' } }).toEqual({
      status: 200,
      body: { error: 'none' },
    });
  });

  for (const alg of ['ES256', 'RS256', 'PS256', 'Ed25519', 'HS256'] as SigningAlgorithm[]) {
    it(`generates the ${alg} simulation keys`, async () => {
      const keys = await Promise.all([loadSimulationKey(alg), loadSimulationKey(alg, 0, 'attacker')]);
      expect(keys.map((key) => key.alg)).toEqual([alg, alg]);
    });
  }

  it('accepts a minted token', async () => {
    await server();
    const { token, jti } = await as.issueAccessToken({ sub: 'user-alice', scope: ['read', 'write'] });
    await expectAccepted(() => verify(token), { sub: 'user-alice', jti, scope: 'read write' });
    const header = await expectAccepted(() => headerOf(token));
    expect(header).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: expect.any(String) });
    expect(labNetwork().log.entries.length).toBeGreaterThan(0);
  });

  it('rejects an expired token', async () => {
    await server();
    const { token } = await as.issueAccessToken({});
    await labClock().advance(3600);
    await expectRejected(() => verify(token), { code: 'ERR_JWT_EXPIRED' });
    expect(await verdict(token)).toBe('ERR_JWT_EXPIRED');
  });

  // One attack per check: a click waits for the rehearsal check in progress, so each stays short.
  for (const id of ['A1', 'A2', 'A12'] as const) {
    it(`rejects ${id} tokens`, async () => {
      await server();
      const kit = labAttacker(as, { audience: API });
      const verdicts = [await verdict(await kit.validToken({ header: { typ: 'JWT' } }))];
      for (const token of await kit.mint(id)) {
        recordAttack(token);
        verdicts.push(await verdict(token.token));
      }
      evidence({ note: verdicts.join(', '), clauses: ['RFC 8725 §3.1'] });
      expect(verdicts).toContain('ERR_JWT_CLAIM_VALIDATION_FAILED');
    });
  }
});
