import { exportJWK, generateKeyPair } from 'jose';
import {
  defineAttackTarget,
  type AttackTarget,
  type SigningKey,
} from '../../src/token-server/attacker/attack-target';
import type { RawAlgorithm } from '../../src/token-server/attacker/raw-signature';

/** The frozen instant every attacker test mints and verifies at. */
export const FROZEN_NOW = new Date('2026-01-01T00:00:00Z');

const made = new Map<string, Promise<SigningKey>>();

/** A test issuer key (generated once per alg and kid). */
export function issuerKey(alg: RawAlgorithm, kid: string): Promise<SigningKey> {
  let key = made.get(`${alg}:${kid}`);
  if (!key) {
    key = (async (): Promise<SigningKey> => {
      if (alg.startsWith('HS')) {
        const secret = crypto.getRandomValues(new Uint8Array(32));
        return { alg, kid, privateKey: secret };
      }
      const pair = await generateKeyPair(alg, { extractable: false });
      return {
        alg,
        kid,
        privateKey: pair.privateKey,
        publicJwk: {
          ...(await exportJWK(pair.publicKey)),
          kid,
          alg,
          use: 'sig',
        },
      };
    })();
    made.set(`${alg}:${kid}`, key);
  }
  return key;
}

/** A target like the labs': this issuer, one audience, at+jwt, 15 min lifetime, 30 s tolerance. */
export async function testTarget(alg: RawAlgorithm): Promise<AttackTarget> {
  const slug = alg.toLowerCase();
  return defineAttackTarget({
    issuer: 'https://as.example.test',
    audience: 'https://orders.example.test',
    key: await issuerKey(alg, `issuer-${slug}-1`),
    retiredKey: await issuerKey(alg, `issuer-${slug}-0`),
    foreignIssuer: {
      issuer: 'https://partner-as.example.test',
      key: await issuerKey(alg, `partner-${slug}-1`),
    },
    now: () => FROZEN_NOW,
  });
}
