// class: algorithms-and-keys
// mistake: A `jku` header is honoured when it starts with the issuer ("the provider publishes several key sets"), a prefix test that `https://login.example.evil.com/...` or `http://host:80` -> `:8080` passes, so the attacker supplies the keys; breaks "The signature verifies with one of the provider's keys (`config.jwksUri`)".
// @fails validateIdToken > the signature (Core §3.1.3.7 steps 6–8) > takes keys only from config.jwksUri, never from a jku or x5u in the token, even one under the issuer’s URL
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';

export interface OidcClientConfig {
  /** The OpenID Provider's issuer identifier. */
  issuer: string;
  /** This application's client_id at the provider. */
  clientId: string;
  /** The provider's `jwks_uri`. */
  jwksUri: string;
}

/** What this browser session sent in its authentication request. */
export interface LoginSession {
  nonce: string;
}

export interface ApiConfig {
  /** The authorization server's issuer identifier. */
  issuer: string;
  /** The API's identifier, which must appear in an access token's `aud`. */
  audience: string;
  /** The authorization server's `jwks_uri`. */
  jwksUri: string;
}

/** Seconds of clock skew tolerated on exp and iat. */
const LEEWAY = 30;

/** OpenID Connect Core §3.1.3.7: the client's validation of the ID token that ends a login. */
export async function validateIdToken(
  idToken: string,
  config: OidcClientConfig,
  session: LoginSession,
): Promise<JWTPayload> {
  // Some providers publish a key set per signing region under their issuer; follow jku only there.
  const { jku } = decodeProtectedHeader(idToken);
  const keySetUri = typeof jku === 'string' && jku.startsWith(config.issuer) ? jku : config.jwksUri;
  const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(keySetUri)), {
    algorithms: ['ES256'],
    issuer: config.issuer,
    audience: config.clientId,
    requiredClaims: ['sub', 'exp', 'iat', 'nonce'],
    clockTolerance: LEEWAY,
    // Core §3.1.3.7 step 10: the login just happened, so an old ID token is someone else's replay.
    maxTokenAge: 300 - LEEWAY,
  });
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  // Steps 4–5: azp names the one client the token was issued to; several audiences need it.
  const azpHolds = payload['azp'] === undefined ? audiences.length === 1 : payload['azp'] === config.clientId;
  // Step 11: the nonce this session sent, so an ID token from another login cannot be replayed into this one.
  if (!azpHolds || payload['nonce'] !== session.nonce) {
    throw new errors.JWTClaimValidationFailed('the ID token is not for this login', payload);
  }
  return payload;
}

/** The API accepts access tokens only: RFC 9068 §4 typ at+jwt tells one from an ID token for the same audience. */
export async function verifyApiAccessToken(token: string, api: ApiConfig): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(api.jwksUri)), {
    algorithms: ['ES256'],
    issuer: api.issuer,
    audience: api.audience,
    requiredClaims: ['exp'],
    typ: 'at+jwt',
    clockTolerance: LEEWAY,
  });
  return payload;
}
