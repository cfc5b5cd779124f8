// class: state
// mistake: sets `cooldownDuration: 0` on the remote key set "so a new kid is picked up immediately", so each token with an unknown `kid` triggers a JWKS fetch and a flood of random kids floods the issuer; breaks "Build the key set once per verifier, not per request" (the lesson: "refetches for an unknown kid only once 30 seconds have passed").
// @fails createAccessTokenVerifier > the issuer's key set: fetched once, and failing closed > fetches the JWKS at most twice for ten tokens whose kid names no published key, concurrently and over 25 s
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri), { cooldownDuration: 0 });

  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: ['ES256'],
      issuer: config.issuer,
      audience: config.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 30,
      maxTokenAge: '15m',
    });
    return payload;
  };
}
