import { compactDecrypt, errors, generateKeyPair, jwtDecrypt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAttackToolkit } from '../../src/token-server/attacker/attack-toolkit';
import { defineAttackTarget } from '../../src/token-server/attacker/attack-target';
import { outcomeOf, strictVerifier } from './strict-verifier';
import { FROZEN_NOW, issuerKey } from './targets';

async function setup() {
  const recipient = await generateKeyPair('ECDH-ES');
  const target = defineAttackTarget({
    issuer: 'https://as.example.test',
    audience: 'https://orders.example.test',
    key: await issuerKey('ES256', 'issuer-es256-1'),
    encryptionKey: { alg: 'ECDH-ES', publicKey: recipient.publicKey },
    now: () => FROZEN_NOW,
  });
  return { kit: createAttackToolkit({ target }), recipient };
}

describe('A15 unsigned or nested JWE', () => {
  it('is an encrypted claims set that decrypting alone would accept as admin', async () => {
    const { kit, recipient } = await setup();
    const { token } = await kit.mintVariant('A15', 'unsigned-jwe');
    const { payload } = await jwtDecrypt(token, recipient.privateKey, { currentDate: FROZEN_NOW });
    expect(payload.sub).toBe('admin');
    expect(await outcomeOf(strictVerifier(kit.target), token)).toBe('ERR_JWS_INVALID');
  });

  it('wraps an inner JWS whose signature does not cover its claims', async () => {
    const { kit, recipient } = await setup();
    const { token } = await kit.mintVariant('A15', 'nested-bad-inner-signature');
    const { plaintext, protectedHeader } = await compactDecrypt(token, recipient.privateKey);
    expect(protectedHeader.cty).toBe('JWT');
    const inner = new TextDecoder().decode(plaintext);
    expect(await outcomeOf(strictVerifier(kit.target), inner)).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('asks for ten million PBES2 rounds, which jose refuses before deriving anything', async () => {
    const { kit } = await setup();
    const { token } = await kit.mintVariant('A15', 'pbes2-huge-count');
    const password = new TextEncoder().encode('any password');
    await expect(jwtDecrypt(token, password)).rejects.toBeInstanceOf(errors.JOSEAlgNotAllowed);
    await expect(
      jwtDecrypt(token, password, { keyManagementAlgorithms: ['PBES2-HS256+A128KW'] }),
    ).rejects.toBeInstanceOf(errors.JWEInvalid);
  });
});
