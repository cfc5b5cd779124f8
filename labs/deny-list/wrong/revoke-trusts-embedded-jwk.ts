// class: algorithms-and-keys
// mistake: revoke() falls back to the key embedded in the token header when the JWKS has no match, so a self-signed forged token gets an entry (and resolves true); memory is no longer bounded by tokens that could verify; breaks "a token that does not verify under the policy (forged, ...) needs no entry".
// @fails access token deny-list > bounded memory > records nothing for self-signed tokens that carry or point at their own key, even with a genuine jti
import { EmbeddedJWK, createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';

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

export function createDenyList(policy: AccessTokenPolicy): DenyList {
  const keys = createLocalJWKSet(policy.jwks);
  // (iss, jti) → the instant (ms) after which the token fails `exp` even with the skew allowance.
  const denied = new Map<string, number>();

  function prune(): void {
    const now = Date.now();
    for (const [key, until] of denied) if (until <= now) denied.delete(key);
  }

  return {
    async revoke(token) {
      let payload: JWTPayload;
      try {
        try {
          ({ payload } = await verifyWithPolicy(token, policy, keys));
        } catch (err) {
          if (!(err instanceof errors.JWKSNoMatchingKey)) throw err;
          // Key rotated out of the JWKS already: use the key the token names.
          ({ payload } = await jwtVerify(token, EmbeddedJWK, {
            algorithms: ['ES256'],
            issuer: policy.issuer,
            audience: policy.audience,
            typ: 'at+jwt',
            requiredClaims: ['exp', 'jti'],
            clockTolerance: policy.clockToleranceSeconds,
          }));
        }
      } catch {
        // A forged or already-dead token needs no entry; recording it would let anyone grow the list.
        return false;
      }
      // `requiredClaims` made `exp` present and jose checked it is a number.
      denied.set(entryKey(payload), (Number(payload.exp) + policy.clockToleranceSeconds) * 1000);
      return true;
    },

    isRevoked(_token, payload) {
      prune();
      return denied.has(entryKey(payload));
    },

    size() {
      prune();
      return denied.size;
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
      throw new errors.JWTClaimValidationFailed(
        // Stryker disable next-line StringLiteral: the message is for logs; checks compare jose's code, claim and reason
        'token has been revoked',
        payload,
        'jti',
        'check_failed',
      );
    }
    return payload;
  };
}
