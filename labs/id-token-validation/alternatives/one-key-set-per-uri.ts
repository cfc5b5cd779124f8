/**
 * Alternative solution: keeps one remote key set per jwks_uri across calls (so the provider's keys are
 * fetched once, not per login), writes the durations as strings, and requires azp to be this client whenever
 * there are several audiences in one comparison.
 *
 * @freedom a shared key-set cache, string durations, and a 10 s leeway
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

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** One key set per jwks_uri: jose caches the keys inside it, and refetches on an unknown kid. */
function keysAt(uri: string): ReturnType<typeof createRemoteJWKSet> {
  let keys = keySets.get(uri);
  if (keys === undefined) {
    keys = createRemoteJWKSet(new URL(uri));
    keySets.set(uri, keys);
  }
  return keys;
}

/** OpenID Connect Core §3.1.3.7: the client's validation of the ID token that ends a login. */
export async function validateIdToken(
  idToken: string,
  config: OidcClientConfig,
  session: LoginSession,
): Promise<JWTPayload> {
  const { payload } = await jwtVerify(idToken, keysAt(config.jwksUri), {
    algorithms: ['ES256'],
    issuer: config.issuer,
    audience: config.clientId,
    requiredClaims: ['sub', 'exp', 'iat', 'nonce'],
    clockTolerance: '10s',
    maxTokenAge: '290 s',
  });
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  // Steps 4–5: several audiences need azp, and azp, when present, names this client.
  const azpRequired = audiences.length > 1 || payload['azp'] !== undefined;
  if (azpRequired && payload['azp'] !== config.clientId) throw new Error('azp is not this client');
  // Step 11: the nonce this session sent, so an ID token from another login cannot be replayed into this one.
  if (payload['nonce'] !== session.nonce) throw new Error('nonce does not match this session');
  return payload;
}

/** The API accepts access tokens only: RFC 9068 §4 typ at+jwt tells one from an ID token for the same audience. */
export async function verifyApiAccessToken(token: string, api: ApiConfig): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, keysAt(api.jwksUri), {
    algorithms: ['ES256'],
    issuer: api.issuer,
    audience: api.audience,
    typ: 'application/at+jwt',
    clockTolerance: '10s',
  });
  return payload;
}
