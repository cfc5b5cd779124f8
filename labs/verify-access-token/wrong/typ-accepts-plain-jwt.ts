// class: exact-comparison
// mistake: Accepts typ "JWT" as well as at+jwt for compatibility, so an ID token or other JWT signed by the same issuer is accepted as an access token (RFC 8725 §3.11, RFC 9068 §4 step 1).
// @fails createAccessTokenVerifier > legitimate traffic > accepts genuine tokens after attacks and mixed among them in a shuffled order
// @fails createAccessTokenVerifier > RFC 8725 §3.11–3.12: explicit typing > rejects an ID token (typ JWT) that carries every access-token claim
// @fails createAccessTokenVerifier > RFC 8725 §3.11–3.12: explicit typing > rejects a token with no typ
// @fails createAccessTokenVerifier > error reporting > lets jose's error codes through, so the HTTP layer can tell an expired token from a forged one
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

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
    const { payload, protectedHeader } = await jwtVerify(token, keys, {
      // RFC 8725 §3.1: the algorithm comes from our policy, never from the token's header.
      algorithms: ['ES256'],
      issuer: config.issuer,
      audience: config.audience,
      // RFC 9068 §2.1 / RFC 8725 §3.11: an ID token or refresh token is not an access token.
      // RFC 9068 §2.2: jose only checks `exp` when it is present, so require it (and the rest).
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: MAX_TOKEN_AGE,
    });
    const typ = protectedHeader.typ?.toLowerCase().replace(/^application\//, '');
    if (typ !== undefined && typ !== 'at+jwt' && typ !== 'jwt') {
      throw new errors.JWTClaimValidationFailed(
        'unexpected "typ" JWT header value',
        payload,
        'typ',
        'check_failed',
      );
    }
    return payload;
  };
}
