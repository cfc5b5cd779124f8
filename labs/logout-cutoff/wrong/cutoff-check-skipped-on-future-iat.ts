// class: time
// mistake: Skips the cutoff check for tokens whose iat is in the future relative to the API clock ("clock skew"), but also does not bound that skew, so any token iat > now is trusted even if it predates nothing; worse, the skip uses now - tolerance so tokens minted in the last tolerance window before logout skip the check.
// @fails session cutoff > verify > asks the cutoff store it was given, and refuses the token when that store fails
// @fails session cutoff > after endSessions > cuts off the user's tokens from every client, not only the one that signed out
// @fails session cutoff > after endSessions > rejects a token issued earlier in the same second as the cutoff
// @fails session cutoff > after endSessions > cuts off users whose sub is also the name of an Object.prototype member
// @fails session cutoff > after endSessions > cuts off tokens issued between two logouts
// @fails session cutoff > after endSessions > keeps every cutoff of a mass logout: alice stays cut off after 10,000 other users sign out
// @fails session cutoff > after endSessions > keeps each store to itself: a logout in one store gives another no cutoff
// @fails session cutoff > after endSessions > refuses a token whose verification was still in progress when its user signed out
// @fails session cutoff > legitimate traffic > accepts genuine tokens after cut-off ones, in a shuffled order and concurrently
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
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: policy.clockToleranceSeconds,
    });
    const cutoff = cutoffs.cutoffFor(String(payload.sub));
    // `iat` has whole seconds: a token from the cutoff's own second may predate it, so it fails closed.
    const recent = Number(payload.iat) * 1000 >= Date.now() - policy.clockToleranceSeconds * 1000;
    if (cutoff !== undefined && !recent && Number(payload.iat) * 1000 <= cutoff) {
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
