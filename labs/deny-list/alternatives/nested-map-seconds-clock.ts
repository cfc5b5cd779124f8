// @freedom the statement leaves the deny-list structure free ("size() says how many entries the deny-list still needs"); this keeps issuer -> jti -> expiry in nested maps and compares in whole seconds, the way jose does.
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

export function createDenyList(policy: AccessTokenPolicy): DenyList {
  const keys = createLocalJWKSet(policy.jwks);
  // (iss, jti) → the instant (ms) after which the token fails `exp` even with the skew allowance.
  // iss -> jti -> last second (exp + tolerance) at which jose still accepts the token, exclusive.
  const byIssuer = new Map<string, Map<string, number>>();

  function prune(): void {
    const nowSeconds = Math.floor(Date.now() / 1000);
    for (const [iss, byJti] of byIssuer) {
      for (const [jti, until] of byJti) if (until <= nowSeconds) byJti.delete(jti);
      if (byJti.size === 0) byIssuer.delete(iss);
    }
  }

  return {
    async revoke(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await verifyWithPolicy(token, policy, keys));
      } catch {
        // A forged or already-dead token needs no entry; recording it would let anyone grow the list.
        return false;
      }
      // `requiredClaims` made `exp` present and jose checked it is a number.
      const iss = String(payload.iss);
      const byJti = byIssuer.get(iss) ?? new Map<string, number>();
      byJti.set(String(payload.jti), Number(payload.exp) + policy.clockToleranceSeconds);
      byIssuer.set(iss, byJti);
      return true;
    },

    isRevoked(_token, payload) {
      prune();
      return byIssuer.get(String(payload.iss))?.has(String(payload.jti)) ?? false;
    },

    size() {
      prune();
      let n = 0;
      for (const byJti of byIssuer.values()) n += byJti.size;
      return n;
    },
  };
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
