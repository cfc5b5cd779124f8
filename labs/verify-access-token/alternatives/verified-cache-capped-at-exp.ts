// @freedom "A verdict you keep (a cache of verified tokens) must not outlive the token's `exp`" — a per-verifier cache of verified tokens, each entry kept until the earlier of its exp and iat + 15 minutes, so a client resending its token skips the ECDSA verification.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

/** The issuer's policy: 15 minutes per token. */
const MAX_TOKEN_AGE_SECONDS = 15 * 60;
/** Bounds the cache's memory: cleared when full. */
const MAX_ENTRIES = 1000;

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  // Per verifier: another API's verifier never sees these verdicts.
  const verified = new Map<string, { payload: JWTPayload; until: number }>();

  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const hit = verified.get(token);
    if (hit !== undefined && nowSeconds < hit.until) return structuredClone(hit.payload);
    verified.delete(token);

    const { payload } = await jwtVerify(token, keys, {
      algorithms: ['ES256'],
      issuer: config.issuer,
      audience: config.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 0,
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
    });
    const exp = payload.exp ?? 0;
    const iat = payload.iat ?? 0;
    if (verified.size >= MAX_ENTRIES) verified.clear();
    verified.set(token, {
      payload: structuredClone(payload),
      until: Math.min(exp, iat + MAX_TOKEN_AGE_SECONDS),
    });
    return payload;
  };
}
