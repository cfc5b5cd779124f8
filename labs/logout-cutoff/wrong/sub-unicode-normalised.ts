// class: exact-comparisons
// mistake: subs are NFC-normalised on both sides of the store ("the same name typed on two keyboards"), so a logout by the user "Ame\u0301lie" also ends the sessions of the distinct user "Amélie" (precomposed), and one user can terminate another's sessions; breaks "sub, compared exactly".
// @fails session cutoff > after endSessions > keeps accepting other users' tokens
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
      cutoffs.set(sub.normalize('NFC'), Date.now());
    },
    cutoffFor(sub) {
      return cutoffs.get(sub.normalize('NFC'));
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
    // A user who never ended her sessions has no cutoff: every token comes after it.
    const cutoff = cutoffs.cutoffFor(String(payload.sub)) ?? -Infinity;
    // `iat` has whole seconds and the cutoff milliseconds: a token stamped in the cutoff's own second may have
    // been minted before it, so that whole second is refused (costing a client at most one refresh).
    // `iat * 1000 < cutoff` is as correct; it refuses only the tokens truly minted before the cutoff.
    if (Number(payload.iat) <= Math.floor(cutoff / 1000)) {
      throw new errors.JWTClaimValidationFailed(
        // Stryker disable next-line StringLiteral: the message is for logs; checks compare jose's code, claim and reason
        'token predates the end of its sessions',
        payload,
        'iat',
        'check_failed',
      );
    }
    return payload;
  };
}
