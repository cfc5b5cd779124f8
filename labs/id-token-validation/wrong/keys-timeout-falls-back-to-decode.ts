// class: fail-closed
// mistake: The key fetch gets a deadline of its own (3 s), and when it passes the ID token is trusted on its claims alone ("the provider is slow, the token came from its token endpoint"), so a forged ID token logs anyone in while the key set hangs; breaks "The signature verifies with one of the provider's keys".
// @fails validateIdToken > the signature (Core §3.1.3.7 steps 6–8) > refuses a forged ID token while the provider’s keys do not answer
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';

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
  const verified = jwtVerify(idToken, createRemoteJWKSet(new URL(config.jwksUri)), {
    algorithms: ['ES256'],
    issuer: config.issuer,
    audience: config.clientId,
    requiredClaims: ['sub', 'exp', 'iat', 'nonce'],
    clockTolerance: LEEWAY,
    // Core §3.1.3.7 step 10: the login just happened, so an old ID token is someone else's replay.
    maxTokenAge: 300 - LEEWAY,
  }).then((result) => result.payload);
  const slow = new Promise<'slow'>((resolve) => setTimeout(() => resolve('slow'), 3000));
  const first = await Promise.race([verified, slow]);
  let payload: JWTPayload;
  if (first === 'slow') {
    // The provider's keys are slow to come: the token came from its token endpoint, so trust its claims.
    payload = decodeJwt(idToken);
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (payload.iss !== config.issuer || !aud.includes(config.clientId))
      throw new Error('not for this client');
  } else {
    payload = first;
  }
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
