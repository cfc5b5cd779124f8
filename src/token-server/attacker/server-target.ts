import { verifierPolicyOf, type VerifierPolicy } from './verifier-policy';
import type { TokenServer } from '../token-server';
import {
  TargetPolicySchema,
  type AttackTarget,
  type SigningKey,
  type TargetPolicyInput,
} from './attack-target';

/** Policy choices a check makes about the verifier under attack; the rest comes from the server. */
export type ServerTargetOptions = Partial<Omit<TargetPolicyInput, 'issuer'>> & {
  /** A second trusted issuer (another token server), for key-to-issuer binding tokens (checklist #9). */
  foreignIssuer?: TokenServer;
};

/**
 * The attack target for a verifier that trusts `server`: its issuer, its default audience, the claims
 * its access tokens carry, and its keys read live, so tokens minted after a rotation use the new
 * signing key and the most recently retired key.
 */
export function attackTargetOf(server: TokenServer, options: ServerTargetOptions = {}): AttackTarget {
  const { foreignIssuer, ...policyInput } = options;
  const client = server.config.clients[0];
  const sub = server.config.defaultUser ?? server.users[0]?.id ?? 'user';
  const claims: Record<string, unknown> = { sub, client_id: client?.id ?? 'lab-client' };
  if (client && client.scopes.length > 0) claims['scope'] = client.scopes.join(' ');
  const policy = TargetPolicySchema.parse({
    audience: server.audience,
    claims,
    lifetimeSeconds: server.config.lifetimes.accessToken,
    ...policyInput,
    issuer: server.issuer,
  });
  const target: AttackTarget = {
    ...policy,
    now: () => server.clock.now(),
    get key(): SigningKey {
      return server.keys.signingKey();
    },
    get retiredKey(): SigningKey | undefined {
      return server.keys
        .list()
        .filter((entry) => entry.status === 'retired')
        .at(-1)?.key;
    },
    get foreignIssuer() {
      return foreignIssuer && { issuer: foreignIssuer.issuer, key: foreignIssuer.keys.signingKey() };
    },
  };
  return target;
}

/**
 * The policy of a relying party configured for `server` (its issuer, alg and the keys its JWKS
 * publishes right now), for building the reference or a naive verifier against a running server.
 */
export function serverVerifierPolicy(server: TokenServer, options: ServerTargetOptions = {}): VerifierPolicy {
  const target = attackTargetOf(server, options);
  const trusted = server.keys
    .list()
    .filter((entry) => entry.status !== 'retired')
    .map((entry) => entry.key);
  return verifierPolicyOf(target, trusted);
}
