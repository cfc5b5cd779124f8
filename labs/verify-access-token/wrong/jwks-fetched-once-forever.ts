// class: state
// mistake: fetches the JWKS once per verifier and wraps it in a local key set that is never refreshed, so a key the issuer retires (e.g. after a compromise) keeps verifying tokens for the life of the process; breaks "Keys come only from the key set at `config.jwksUri`" (the set as published now, not as first seen).
// @fails createAccessTokenVerifier > the issuer's key set: fetched once, and failing closed > stops trusting a key the issuer removed from its set 10 minutes later, and trusts the key that replaced it
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

type KeySet = ReturnType<typeof createLocalJWKSet>;

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const url = new URL(config.jwksUri);
  // Built once per verifier, on first use; a failed fetch is not cached so the next request retries.
  let keySet: Promise<KeySet> | undefined;
  const loadKeys = (): Promise<KeySet> =>
    (keySet ??= (async () => {
      const response = await fetch(url, {
        headers: { accept: 'application/jwk-set+json, application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(1000),
      });
      if (response.status !== 200)
        throw new errors.JOSEError('Expected 200 OK from the JSON Web Key Set HTTP response');
      return createLocalJWKSet((await response.json()) as JSONWebKeySet);
    })().catch((error: unknown) => {
      keySet = undefined;
      throw error;
    }));

  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    const keys = await loadKeys();
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
