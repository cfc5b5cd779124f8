import { base64url } from 'jose';
import { nowSeconds, type AttackTarget, type SigningKey } from './attack-target';
import { compactToken, type Segment } from './compact-token';

/** Changes to a valid token: extra or replaced header/claims, claims removed, or another signing key. */
export interface TokenChanges {
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  /** Claim names to drop (e.g. `exp` for a token that never expires). */
  omitClaims?: readonly string[];
  /** Header names to drop (e.g. `typ`). */
  omitHeader?: readonly string[];
  /** Sign with this key instead of the target's current one (kid and alg follow it unless overridden). */
  key?: SigningKey;
}

/** A `jti` with 128 bits of CSPRNG output (RFC 7519 §4.1.7; checklist #13). */
export function randomJti(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(16)));
}

function without(record: Record<string, unknown>, names: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([name]) => !names.includes(name)));
}

/** The header and claims of a token the target's policy accepts (RFC 9068 §2.1–2.2), after `changes`. */
export function validParts(
  target: AttackTarget,
  changes: TokenChanges = {},
): {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  key: SigningKey;
} {
  const key = changes.key ?? target.key;
  const iat = nowSeconds(target);
  const header = without(
    { alg: key.alg, kid: key.kid, typ: target.typ, ...changes.header },
    changes.omitHeader,
  );
  const claims = without(
    {
      iss: target.issuer,
      aud: target.audience,
      ...target.claims,
      iat,
      exp: iat + target.lifetimeSeconds,
      jti: randomJti(),
      ...changes.claims,
    },
    changes.omitClaims,
  );
  return { header, claims, key };
}

/** Signs header and payload (objects or raw JSON text) with a key, whatever the header says. */
export function signWith(key: SigningKey, header: Segment, payload: Segment): Promise<string> {
  return compactToken(header, payload, {
    kind: 'sign',
    alg: key.alg,
    key: key.privateKey,
  });
}

/**
 * The positive control: a token the target's policy must accept. Every attack check pairs with one,
 * so a verifier that rejects everything fails (the positive control of every attack).
 */
export function mintValidToken(target: AttackTarget, changes: TokenChanges = {}): Promise<string> {
  const { header, claims, key } = validParts(target, changes);
  return signWith(key, header, claims);
}
