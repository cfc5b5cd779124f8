// @freedom the statement fixes only the two factories and the DenyList interface ("Write two pieces that share one AccessTokenPolicy"); this implements the deny-list as a class with private fields and a promise-catch instead of try/catch.
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';

export interface AccessTokenPolicy {
  /** The one issuer whose access tokens this API accepts. */
  issuer: string;
  /** This API's audience. */
  audience: string;
  /** The issuer's public keys. */
  jwks: JSONWebKeySet;
  /** Clock skew tolerated when checking `exp`, in seconds. */
  clockToleranceSeconds: number;
}

export interface DenyList {
  /** Denies a token until it could no longer verify anyway; resolves `false` when there is nothing to deny. */
  revoke(token: string): Promise<boolean>;
  /** Whether a token that just passed verification (its string and verified payload) is denied. */
  isRevoked(token: string, payload: JWTPayload): boolean;
  /** How many entries are still needed now. */
  size(): number;
}

function verifyWithPolicy(
  token: string,
  policy: AccessTokenPolicy,
  keys: ReturnType<typeof createLocalJWKSet>,
) {
  return jwtVerify(token, keys, {
    algorithms: ['ES256'],
    issuer: policy.issuer,
    audience: policy.audience,
    typ: 'at+jwt',
    requiredClaims: ['exp', 'jti'],
    clockTolerance: policy.clockToleranceSeconds,
  });
}

// Keyed on (iss, jti), never on token bytes: the same claims verify under many encodings.
const entryKey = (payload: JWTPayload) => JSON.stringify([payload.iss, payload.jti]);

class PolicyDenyList implements DenyList {
  readonly #keys: ReturnType<typeof createLocalJWKSet>;
  // (iss, jti) -> the instant (ms) after which the token fails `exp` even with the skew allowance.
  readonly #denied = new Map<string, number>();

  constructor(private readonly policy: AccessTokenPolicy) {
    this.#keys = createLocalJWKSet(policy.jwks);
  }

  #prune(): void {
    const now = Date.now();
    for (const [key, until] of this.#denied) if (now >= until) this.#denied.delete(key);
  }

  async revoke(token: string): Promise<boolean> {
    const result = await verifyWithPolicy(token, this.policy, this.#keys).catch(() => undefined);
    if (result === undefined) return false;
    const { payload } = result;
    this.#denied.set(entryKey(payload), (Number(payload.exp) + this.policy.clockToleranceSeconds) * 1000);
    return true;
  }

  isRevoked(_token: string, payload: JWTPayload): boolean {
    this.#prune();
    return this.#denied.has(entryKey(payload));
  }

  size(): number {
    this.#prune();
    return this.#denied.size;
  }
}

export function createDenyList(policy: AccessTokenPolicy): DenyList {
  return new PolicyDenyList(policy);
}

/** Verifies an access token; a revoked one fails with `ERR_JWT_CLAIM_VALIDATION_FAILED` on claim `jti`. */
export function createAccessTokenVerifier(
  policy: AccessTokenPolicy,
  denyList: DenyList,
): (token: string) => Promise<JWTPayload> {
  const keys = createLocalJWKSet(policy.jwks);
  return async (token) => {
    // The deny-list is consulted only after verification: before it, nothing says which token this is.
    const { payload } = await verifyWithPolicy(token, policy, keys);
    if (denyList.isRevoked(token, payload)) {
      throw new errors.JWTClaimValidationFailed('token has been revoked', payload, 'jti', 'check_failed');
    }
    return payload;
  };
}
