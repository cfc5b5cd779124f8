// class: algorithms-and-keys
// mistake: Allows every EC algorithm the key set might serve (ES256/ES384/ES512) instead of only ES256, so a token signed under a published key of another algorithm is accepted (RFC 8725 §3.1).
// @fails createAccessTokenVerifier > legitimate traffic > accepts genuine tokens after attacks and mixed among them in a shuffled order
// @fails createAccessTokenVerifier > RFC 8725 §3.1–3.2: algorithm verification > rejects ES384, an algorithm of the same family signed by a key the issuer publishes
// @fails createAccessTokenVerifier > RFC 8725 §3.1–3.2: algorithm verification > rejects an algorithm outside the allow-list even when a published key verifies it
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

/** Where this API's trust comes from: configuration, never the token (RFC 8725 §3.8, §3.10). */
export interface AccessTokenVerifierConfig {
  /** The authorization server's issuer identifier, compared exactly with `iss` (RFC 9068 §4 step 3). */
  issuer: string;
  /** This API's identifier, which must appear in `aud` (RFC 9068 §4 step 4). */
  audience: string;
  /** The issuer's `jwks_uri` from its metadata (RFC 8414). */
  jwksUri: string;
}

/** Access tokens older than this are refused whatever their `exp` says (the issuer's 15-minute policy). */
const MAX_TOKEN_AGE = '15m';
/** Clock skew we forgive between the issuer and us (RFC 7519 §4.1.4: "usually no more than a few minutes"). */
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Builds the verifier once per API: the remote key set keeps its cache and cooldown across requests,
 * so a flood of unknown `kid`s cannot turn into a flood of JWKS fetches.
 */
export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));

  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, keys, {
      // RFC 8725 §3.1: the algorithm comes from our policy, never from the token's header.
      algorithms: ['ES256', 'ES384', 'ES512', 'EdDSA'],
      issuer: config.issuer,
      audience: config.audience,
      // RFC 9068 §2.1 / RFC 8725 §3.11: an ID token or refresh token is not an access token.
      typ: 'at+jwt',
      // RFC 9068 §2.2: jose only checks `exp` when it is present, so require it (and the rest).
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: MAX_TOKEN_AGE,
    });
    return payload;
  };
}
