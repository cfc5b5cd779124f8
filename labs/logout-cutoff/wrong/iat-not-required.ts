// class: required-member
// mistake: iat is not required: a token without iat yields NaN, NaN <= cutoff is false, so such tokens can never be cut off.
// @fails session cutoff > verify > rejects an access token without exp, iat or sub, or with an iat that is not a number
// @fails session cutoff > after endSessions > rejects a token without iat, which no cutoff can place
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

export interface SessionCutoffs {
  /** Logout everywhere or password change: every token issued to `sub` until now stops working. */
  endSessions(sub: string): void;
  /** The instant (ms since the epoch) of the user's latest `endSessions`, if any. */
  cutoffFor(sub: string): number | undefined;
}

export function createSessionCutoffs(): SessionCutoffs {
  // sub → the instant (ms) of the user's latest cutoff. One entry per user, not one per token.
  const cutoffs = new Map<string, number>();
  return {
    endSessions(sub) {
      cutoffs.set(sub, Date.now());
    },
    cutoffFor(sub) {
      return cutoffs.get(sub);
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
      // Without `iat` a token cannot be placed before or after a cutoff, so it is refused outright.
      requiredClaims: ['exp', 'sub'],
      clockTolerance: policy.clockToleranceSeconds,
    });
    const cutoff = cutoffs.cutoffFor(String(payload.sub));
    // `iat` has whole seconds: a token from the cutoff's own second may predate it, so it fails closed.
    if (cutoff !== undefined && Number(payload.iat) * 1000 <= cutoff) {
      throw new errors.JWTClaimValidationFailed(
        'token predates the end of its sessions',
        payload,
        'iat',
        'check_failed',
      );
    }
    return payload;
  };
}
