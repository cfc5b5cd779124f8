// class: state
// mistake: keeps the cache of already-verified tokens (correctly capped at exp) at module level, so it is shared by every verifier and a token that passed the billing API's verifier is accepted by the orders API without its issuer/audience checks; breaks "resolve to the token's claims only when the token is ... signed ... for **this** API".
// @fails createAccessTokenVerifier > RFC 8725 §3.9: audience > keeps each verifier to its own issuer and audience: a token another verifier accepted is still refused here
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

/** Tokens already verified, until their exp (seconds): clients resend the same token on every call. */
const verified = new Map<string, JWTPayload>();

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));

  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    const hit = verified.get(token);
    if (hit && typeof hit.exp === 'number' && hit.exp > Date.now() / 1000) return hit;
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
    verified.set(token, payload);
    return payload;
  };
}
