/**
 * Wrong answer: keeps one global cutoff instead of one per user, so one user signing out
 * signs everybody out (and anyone who can log out can lock every user out).
 *
 * @fails session cutoff > after endSessions > keeps accepting other users' tokens
 * @fails session cutoff > after endSessions > cuts off users whose sub is also the name of an Object.prototype member
 * @fails session cutoff > after endSessions > keeps every cutoff of a mass logout: alice stays cut off after 10,000 other users sign out
 * @fails session cutoff > after endSessions > keeps each store to itself: a logout in one store gives another no cutoff
 */
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
  // The instant (ms) of the latest logout: older tokens are not trusted any more.
  let latest: number | undefined;
  return {
    endSessions() {
      latest = Date.now();
    },
    cutoffFor() {
      return latest;
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
      requiredClaims: ['exp', 'iat', 'sub'],
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
