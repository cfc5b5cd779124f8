/**
 * Mistake: when the token carries its own public key in a jwk header, verify with that key. Anyone can mint
 * a key pair, so anyone can mint tokens (CVE-2018-0114; RFC 8725 §3.10, RFC 7517 §9.1).
 *
 * @fails createAccessTokenVerifier > RFC 8725 §3.10: key material named in the token is never trusted > rejects a token signed by the key embedded in its own jwk header
 * @fails createAccessTokenVerifier > RFC 8725 §3.10: key material named in the token is never trusted > rejects a token whose kid matches no published key, signed by the jwk it carries
 */
import { createRemoteJWKSet, decodeProtectedHeader, EmbeddedJWK, jwtVerify, type JWTPayload } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  const options = {
    algorithms: ['ES256'],
    issuer: config.issuer,
    audience: config.audience,
    typ: 'at+jwt',
    requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
    clockTolerance: 30,
    maxTokenAge: '15m',
  };

  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    const header = decodeProtectedHeader(token);
    const { payload } = header.jwk
      ? await jwtVerify(token, EmbeddedJWK, options)
      : await jwtVerify(token, keys, options);
    return payload;
  };
}
