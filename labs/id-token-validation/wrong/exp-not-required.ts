/**
 * Written blind, from lab.md and the starter only.
 *
 * @fails validateIdToken > required claims (Core §2) > refuses an ID token without sub, exp, iat or nonce, or with one of the wrong type
 */
// class: required-member
// mistake: exp is not required, so an ID token without an expiry is accepted (Core §2: exp is REQUIRED).
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

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
  const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(config.jwksUri)), {
    algorithms: ['ES256'],
    issuer: config.issuer,
    audience: config.clientId,
    requiredClaims: ['sub', 'iat', 'nonce'],
    clockTolerance: LEEWAY,
    // Core §3.1.3.7 step 10: the login just happened, so an old ID token is someone else's replay.
    maxTokenAge: 300 - LEEWAY,
  });
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  // Steps 4–5: several audiences need azp, and azp, when present, names this client.
  if (audiences.length > 1 && payload['azp'] === undefined) throw new Error('azp is required');
  if (payload['azp'] !== undefined && payload['azp'] !== config.clientId)
    throw new Error('azp is another client');
  // Step 11: the nonce this session sent, so an ID token from another login cannot be replayed into this one.
  if (payload['nonce'] !== session.nonce) throw new Error('nonce does not match this session');
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
