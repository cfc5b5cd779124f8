import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';

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

export function createDenyList(policy: AccessTokenPolicy): DenyList {
  void policy;
  const revoked = new Set<string>();
  return {
    async revoke(token) {
      revoked.add(token);
      return true;
    },
    isRevoked(token) {
      return revoked.has(token);
    },
    size() {
      return revoked.size;
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
    const { payload } = await jwtVerify(token, keys, {
      algorithms: ['ES256'],
      issuer: policy.issuer,
      audience: policy.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'jti'],
      clockTolerance: policy.clockToleranceSeconds,
    });
    // The deny-list is not consulted yet: a revoked token still works until it expires.
    void denyList;
    return payload;
  };
}
