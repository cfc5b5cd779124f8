/**
 * Alternative solution, written blind, from lab.md and the starter only.
 *
 * @freedom "rejects (throws) otherwise; any error will do" — only the signature and algorithm are left to jwtVerify; iss, aud, azp, sub, exp, iat and nonce are checked by hand with distinct errors.
 */
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
  });
  const now = Math.floor(Date.now() / 1000);
  if (payload.iss !== config.issuer) throw new TypeError('iss');
  const audiences = Array.isArray(payload.aud)
    ? payload.aud
    : typeof payload.aud === 'string'
      ? [payload.aud]
      : [];
  if (!audiences.includes(config.clientId)) throw new RangeError('aud');
  if (typeof payload.sub !== 'string') throw new Error('sub');
  if (typeof payload.exp !== 'number' || payload.exp + LEEWAY <= now) throw new Error('exp');
  if (typeof payload.iat !== 'number' || payload.iat - LEEWAY > now || now - payload.iat > 300)
    throw new Error('iat');
  if (typeof payload['nonce'] !== 'string') throw new Error('nonce');
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
