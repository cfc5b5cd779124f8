import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  attackerHost,
  createNaiveVerifier,
  createTokenServer,
  disposeRunContext,
  labAttacker,
  resetRunContext,
  takeEvidence,
  verifierPolicyOf,
} from '../../src/check-api';

beforeEach(() => resetRunContext());
afterEach(() => disposeRunContext());

/** jose used correctly, fetching the server's JWKS over the run's simulated network. */
function remoteVerifier(issuer: string, jwksUri: string, audience: string) {
  const jwks = createRemoteJWKSet(new URL(jwksUri));
  return (token: string) =>
    jwtVerify(token, jwks, {
      algorithms: ['ES256'],
      issuer,
      audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      maxTokenAge: 900,
    });
}

describe('labAttacker', () => {
  it("mints a valid control the server's own JWKS verifies, on the run clock", async () => {
    const server = await createTokenServer();
    const attacker = labAttacker(server);
    const verify = remoteVerifier(server.issuer, server.endpoints.jwks, server.audience);
    const { payload, protectedHeader } = await verify(await attacker.validToken());
    expect(protectedHeader.kid).toBe(server.keys.signingKey().kid);
    expect(payload).toMatchObject({
      iss: server.issuer,
      aud: server.audience,
      sub: 'user-alice',
      client_id: 'lab-client',
    });
    expect(payload.iat).toBe(Date.parse('2026-01-01T00:00:00Z') / 1000);
  });

  it('records each attack token as evidence with its clauses, and plain mint records nothing', async () => {
    const server = await createTokenServer();
    const attacker = labAttacker(server);
    await attacker.mint('A2');
    expect(takeEvidence()).toEqual([]);
    const tokens = await attacker.attack('A2');
    const recorded = takeEvidence();
    expect(recorded.map((e) => e.token)).toEqual(tokens.map((t) => t.token));
    expect(recorded[0]?.clauses).toContain('RFC 8725 §3.1');
    expect(recorded[0]?.note).toMatch(/^A2 Unsecured token \(alg none\): /);
    await attacker.attackVariant('A13', 'other-audience');
    expect(takeEvidence()).toHaveLength(1);
  });

  it('records the DPoP proof of an A18 variant as a second piece of evidence', async () => {
    const server = await createTokenServer();
    const attacker = labAttacker(server, { resourceUrl: 'https://api.example.test/orders' });
    const { token, dpop } = await attacker.attackVariant('A18', 'stale-proof');
    expect(takeEvidence()).toEqual([
      expect.objectContaining({ token }),
      expect.objectContaining({
        token: dpop?.proof,
        note: expect.stringContaining('GET https://api.example.test/orders'),
      }),
    ]);
  });

  it('mints retired-key tokens after a rotation, which the JWKS no longer verifies', async () => {
    const server = await createTokenServer();
    const attacker = labAttacker(server);
    expect(await attacker.mint('C34')).toEqual([]);
    const old = server.keys.signingKey().kid;
    await server.keys.rotate();
    server.keys.retire(old);
    const [retired] = await attacker.mint('C34');
    const verify = remoteVerifier(server.issuer, server.endpoints.jwks, server.audience);
    await expect(verify(retired!.token)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    const { protectedHeader } = await verify(await attacker.validToken());
    expect(protectedHeader.kid).not.toBe(old);
  });
});

describe('attackerHost', () => {
  it('is one host per run, on the run network, with no hits until a verifier follows jku', async () => {
    const server = await createTokenServer();
    const attacker = labAttacker(server);
    expect(attackerHost()).toBe(attacker.host);
    const { token } = await attacker.attackVariant('A8', 'jku');
    const verify = remoteVerifier(server.issuer, server.endpoints.jwks, server.audience);
    await expect(verify(token)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
    expect(attackerHost().hits()).toBe(0);

    const naive = createNaiveVerifier('follows-header-urls', verifierPolicyOf(attacker.target));
    const { payload } = await naive.verify(token);
    expect(payload.sub).toBe('admin');
    expect(attackerHost().hits()).toBe(1);
    expect(attackerHost().requests()[0]).toMatchObject({ served: 'jwks', time: '2026-01-01T00:00:00.000Z' });
  });

  it('starts from zero hits in the next run', () => {
    expect(attackerHost().hits()).toBe(0);
  });
});
