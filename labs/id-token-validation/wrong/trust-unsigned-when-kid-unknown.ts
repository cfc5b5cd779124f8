// class: fail-closed
// mistake: When the provider's JWKS has no key for the token's `kid` (a "rotation" case), the token is trusted unverified because Core §3.1.3.7 step 6 lets a token from the token endpoint skip the signature, so a forged token with an unknown kid passes; breaks "The signature verifies with one of the provider's keys".
// @fails validateIdToken > the signature (Core §3.1.3.7 steps 6–8) > refuses an ID token signed by a key the provider does not publish, with an unknown kid, none or the provider’s
// @fails validateIdToken > the signature (Core §3.1.3.7 steps 6–8) > takes keys only from config.jwksUri, never from a jku or x5u in the token, even one under the issuer’s URL
// @fails validateIdToken > the signature (Core §3.1.3.7 steps 6–8) > verifies each provider’s tokens with that provider’s keys, two providers in one process
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
  const options = {
    algorithms: ['ES256'],
    issuer: config.issuer,
    audience: config.clientId,
    requiredClaims: ['sub', 'exp', 'iat', 'nonce'],
    clockTolerance: LEEWAY,
    // Core §3.1.3.7 step 10: the login just happened, so an old ID token is someone else's replay.
    maxTokenAge: 300 - LEEWAY,
  };
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(config.jwksUri)), options));
  } catch (error) {
    // The provider just rotated and its JWKS lags: the token came straight from the token endpoint over TLS
    // (Core §3.1.3.7 step 6), so check its claims and skip the signature.
    if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
    payload = decodeJwt(idToken);
    const now = Math.floor(Date.now() / 1000);
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (payload.iss !== config.issuer || !aud.includes(config.clientId) || typeof payload.sub !== 'string')
      throw error;
    if (typeof payload.exp !== 'number' || payload.exp <= now - LEEWAY) throw error;
    if (typeof payload.iat !== 'number' || payload.iat > now + LEEWAY || now - payload.iat > 300) throw error;
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
