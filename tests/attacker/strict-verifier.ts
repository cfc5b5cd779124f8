import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { AttackTarget, SigningKey } from '../../src/token-server/attacker/attack-target';
import type { StrictOutcome } from '../../src/token-server/attacker/attack';

/**
 * jose used correctly against a target (the reference verifier's policy): an allow-list of the target's one alg,
 * issuer, audience, typ, required claims, maxTokenAge = policy lifetime, keys from a JWKS (HS256: a
 * kid → secret map that throws JWKSNoMatchingKey on a miss, the "custom getKey" of §2 A7).
 */
export function strictVerifier(target: AttackTarget, trusted: readonly SigningKey[] = [target.key]) {
  const jwks: JSONWebKeySet = {
    keys: trusted.flatMap((k) => (k.publicJwk ? [k.publicJwk] : [])),
  };
  const key: JWTVerifyGetKey = target.key.alg.startsWith('HS')
    ? (header) => {
        const found = trusted.find((k) => k.kid === header.kid);
        if (!found || !(found.privateKey instanceof Uint8Array)) throw new errors.JWKSNoMatchingKey();
        return found.privateKey;
      }
    : createLocalJWKSet(jwks);
  return (token: string) =>
    jwtVerify(token, key, {
      algorithms: [target.key.alg],
      issuer: target.issuer,
      audience: target.audience,
      typ: target.typ,
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: target.clockToleranceSeconds,
      maxTokenAge: target.lifetimeSeconds,
      currentDate: target.now(),
    });
}

/** What the verifier did: `accepted`, the jose error code, or `TypeError` (key/alg misuse, §6). */
export async function outcomeOf(
  verify: (token: string) => Promise<unknown>,
  token: string,
): Promise<StrictOutcome | string> {
  try {
    await verify(token);
    return 'accepted';
  } catch (error) {
    if (error instanceof errors.JOSEError) return error.code;
    if (error instanceof TypeError) return 'TypeError';
    return `unexpected ${String(error)}`;
  }
}
