import { beforeEach, describe, expect, it } from 'vitest';
import { createAccessTokenVerifier, createSessionCutoffs, type SessionCutoffs } from '@lab/submission';
import { createTokenServer, evidence, labAttacker, labClock, type TokenServer } from '@lab/server';

const CUTOFF_CLAUSES = ['OWASP ASVS 5.0 §7.4.1', 'OWASP ASVS 5.0 §7.4.3'];

let server: TokenServer;
let cutoffs: SessionCutoffs;
let verify: (token: string) => Promise<unknown>;

async function accessToken(sub = 'user-alice'): Promise<string> {
  return (await server.issueAccessToken({ sub })).token;
}

async function rejection(promise: Promise<unknown>): Promise<{ code?: unknown; claim?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: unknown; claim?: unknown };
  }
  throw new Error('expected the verifier to reject the token, but it accepted it');
}

async function expectCutOff(token: string, note: string): Promise<void> {
  evidence({ token, clauses: CUTOFF_CLAUSES, note });
  const error = await rejection(verify(token));
  expect(error.code).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
  expect(error.claim).toBe('iat');
}

beforeEach(async () => {
  server = await createTokenServer();
  cutoffs = createSessionCutoffs();
  verify = createAccessTokenVerifier(
    { issuer: server.issuer, audience: server.audience, jwks: server.keys.jwks(), clockToleranceSeconds: 30 },
    cutoffs,
  );
});

describe('session cutoff', () => {
  describe('verify', () => {
    it('accepts a valid access token', async () => {
      await expect(verify(await accessToken())).resolves.toMatchObject({ sub: 'user-alice' });
    });

    it("rejects the issuer's tokens meant for something else: another API, an ID token", async () => {
      const otherApi = (
        await server.issueAccessToken({ sub: 'user-alice', audience: 'https://other-api.example.test' })
      ).token;
      const idToken = await labAttacker(server).validToken({
        header: { typ: 'JWT' },
        claims: { sub: 'user-alice' },
      });
      evidence({ token: otherApi, clauses: ['RFC 8725 §3.9'], note: 'signed by the issuer for another API' });
      evidence({
        token: idToken,
        clauses: ['RFC 8725 §3.11', 'RFC 9068 §2.1'],
        note: 'signed by the issuer, typ JWT',
      });
      await expect(verify(otherApi)).rejects.toThrow();
      await expect(verify(idToken)).rejects.toThrow();
      await expect(verify(await accessToken())).resolves.toMatchObject({ sub: 'user-alice' });
    });

    it('rejects a token signed with a key the issuer never published', async () => {
      const attacker = labAttacker(server);
      const forged = await attacker.validToken({
        key: await attacker.attacker.key('ES256'),
        header: { kid: server.keys.signingKey().kid },
      });
      evidence({ token: forged, clauses: ['RFC 7515 §5.2'], note: "attacker's key under the issuer's kid" });
      await expect(verify(forged)).rejects.toThrow();
      await expect(verify(await accessToken())).resolves.toMatchObject({ sub: 'user-alice' });
    });
  });

  describe('after endSessions', () => {
    it("rejects the user's tokens issued before the cutoff with ERR_JWT_CLAIM_VALIDATION_FAILED on iat", async () => {
      const stolen = await accessToken();
      await labClock().advance(60);
      await expect(verify(stolen)).resolves.toMatchObject({ sub: 'user-alice' });
      cutoffs.endSessions('user-alice');
      await expectCutOff(stolen, 'token minted by the stolen session a minute before the password change');
    });

    it('rejects a token issued earlier in the same second as the cutoff', async () => {
      await labClock().advance(0.2);
      const stolen = await accessToken();
      await labClock().advance(0.3);
      cutoffs.endSessions('user-alice');
      await expectCutOff(stolen, 'token minted 300 ms before the logout, in the same second');
    });

    it('keeps accepting tokens issued in a later second than the cutoff', async () => {
      await labClock().advance(0.5);
      cutoffs.endSessions('user-alice');
      await labClock().advance(0.5);
      // Issued at the first whole second after the cutoff: `iat * 1000` is 500 ms past it.
      await expect(verify(await accessToken())).resolves.toMatchObject({ sub: 'user-alice' });
      await labClock().advance(30);
      await expect(verify(await accessToken())).resolves.toMatchObject({ sub: 'user-alice' });
    });

    it("keeps accepting other users' tokens", async () => {
      const alice = await accessToken('user-alice');
      const bob = await accessToken('user-bob');
      await labClock().advance(60);
      cutoffs.endSessions('user-alice');
      await expect(verify(bob)).resolves.toMatchObject({ sub: 'user-bob' });
      await expectCutOff(alice, "alice's token after alice signed out everywhere");
    });

    it('cuts off tokens issued between two logouts', async () => {
      await labClock().advance(10);
      cutoffs.endSessions('user-alice');
      await labClock().advance(10);
      const between = await accessToken();
      await expect(verify(between)).resolves.toMatchObject({ sub: 'user-alice' });
      await labClock().advance(10);
      cutoffs.endSessions('user-alice');
      await expectCutOff(between, 'token minted after the first logout, before the password change');
    });

    it('rejects a token without iat, which no cutoff can place', async () => {
      cutoffs.endSessions('user-alice');
      await labClock().advance(5);
      const attacker = labAttacker(server);
      const undated = await attacker.validToken({ omitClaims: ['iat'], claims: { sub: 'user-alice' } });
      evidence({
        token: undated,
        clauses: ['RFC 7519 §4.1.6', ...CUTOFF_CLAUSES],
        note: 'issuer-signed token without iat',
      });
      const error = await rejection(verify(undated));
      expect(error.code).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
      await expect(
        verify(await attacker.validToken({ claims: { sub: 'user-alice' } })),
      ).resolves.toMatchObject({
        sub: 'user-alice',
      });
    });
  });
});
