// @freedom structure is free ("Write two pieces"); a class implements SessionCutoffs, and the verifier refuses a non-string sub itself via jose's error instead of String(payload.sub).
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

class UserCutoffs implements SessionCutoffs {
  // sub -> the instant (ms) of the user's latest cutoff.
  readonly #latest = new Map<string, number>();
  endSessions(sub: string): void {
    this.#latest.set(sub, Date.now());
  }
  cutoffFor(sub: string): number | undefined {
    return this.#latest.get(sub);
  }
}

export function createSessionCutoffs(): SessionCutoffs {
  return new UserCutoffs();
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
    if (typeof payload.sub !== 'string' || typeof payload.iat !== 'number') {
      throw new errors.JWTClaimValidationFailed('unexpected sub or iat', payload, 'sub', 'invalid');
    }
    const cutoff = cutoffs.cutoffFor(payload.sub);
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
