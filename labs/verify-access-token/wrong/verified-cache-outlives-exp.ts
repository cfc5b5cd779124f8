// class: state
// mistake: caches successful verifications by token string for a fixed 5 minutes without capping the entry at the token's exp, so a token verified shortly before it expires keeps being accepted up to 5 minutes after exp; breaks "refused once it expired 30 seconds ago".
// @fails createAccessTokenVerifier > RFC 7519 §4.1.4–4.1.6: validity window > stops accepting a token once the clock passes its exp
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

const CACHE_TTL_MS = 5 * 60 * 1000;
const CACHE_MAX_ENTRIES = 10_000;

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  // Clients send the same bearer token on every call: skip the ECDSA verification for tokens seen recently.
  const verified = new Map<string, { payload: JWTPayload; until: number }>();

  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    const hit = verified.get(token);
    if (hit && hit.until > Date.now()) return hit.payload;
    verified.delete(token);

    const { payload } = await jwtVerify(token, keys, {
      algorithms: ['ES256'],
      issuer: config.issuer,
      audience: config.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 30,
      maxTokenAge: '15m',
    });
    if (verified.size >= CACHE_MAX_ENTRIES) verified.clear();
    verified.set(token, { payload, until: Date.now() + CACHE_TTL_MS });
    return payload;
  };
}
