/**
 * Mistake: "multi-tenant" discovery. The verifier reads iss from the unverified token, fetches that
 * issuer's metadata and trusts its jwks_uri. Any issuer, including the attacker's, can then vouch for
 * itself (RFC 8725 §3.8: the key must belong to the issuer we trust, chosen by configuration).
 *
 * @fails createAccessTokenVerifier > legitimate traffic > accepts genuine tokens after attacks and mixed among them in a shuffled order
 * @fails createAccessTokenVerifier > RFC 8725 §3.8: issuer > rejects a token from another issuer, signed with that issuer's own key
 * @fails createAccessTokenVerifier > RFC 8725 §3.8: issuer > rejects a token whose iss names the attacker's host, without contacting it
 * @fails createAccessTokenVerifier > RFC 9068 §4 step 3: issuer compared exactly, without normalisation > rejects iss values that only look like the issuer: prefix, other path, case, trailing slash, scheme
 * @fails createAccessTokenVerifier > the issuer's key set: fetched once, and failing closed > fetches the JWKS at most twice for ten requests, in sequence and concurrently
 * @fails createAccessTokenVerifier > RFC 8725 §3.9: audience > keeps each verifier to its own issuer and audience: a token another verifier accepted is still refused here
 * @fails createAccessTokenVerifier > the issuer's key set: fetched once, and failing closed > fetches the JWKS at most twice for ten tokens whose kid names no published key, concurrently and over 25 s
 */
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

async function keysOf(issuer: string): Promise<ReturnType<typeof createRemoteJWKSet>> {
  const response = await fetch(new URL('/.well-known/oauth-authorization-server', issuer));
  const metadata = (await response.json()) as { jwks_uri: string };
  return createRemoteJWKSet(new URL(metadata.jwks_uri));
}

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    const issuer = decodeJwt(token).iss ?? config.issuer;
    const { payload } = await jwtVerify(token, await keysOf(issuer), {
      algorithms: ['ES256'],
      issuer,
      audience: config.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 30,
      maxTokenAge: '15m',
    });
    return payload;
  };
}
