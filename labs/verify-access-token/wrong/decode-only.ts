/**
 * Mistake: checking every claim carefully on a token that was only decoded, never verified. decodeJwt reads
 * whatever the sender wrote; without a signature check, anyone can write anything (PortSwigger "unverified
 * signature"; RFC 7519 §7.2, RFC 7515 §5.2).
 *
 * @fails createAccessTokenVerifier > legitimate traffic > accepts genuine tokens after attacks and mixed among them in a shuffled order
 * @fails createAccessTokenVerifier > RFC 8725 §3.1–3.2: algorithm verification > rejects alg none in every spelling (none, None, NONE, nOnE)
 * @fails createAccessTokenVerifier > RFC 8725 §3.1–3.2: algorithm verification > rejects an algorithm outside the allow-list even when a published key verifies it
 * @fails createAccessTokenVerifier > RFC 8725 §3.1–3.2: algorithm verification > rejects ES384, an algorithm of the same family signed by a key the issuer publishes
 * @fails createAccessTokenVerifier > RFC 8725 §3.1–3.2: algorithm verification > rejects HS256 tokens keyed with the issuer's public key (algorithm confusion)
 * @fails createAccessTokenVerifier > RFC 7515 §5.2: signature integrity > rejects a token whose payload was edited after signing
 * @fails createAccessTokenVerifier > RFC 7515 §5.2: signature integrity > rejects stripped, truncated and all-zero signatures
 * @fails createAccessTokenVerifier > RFC 8725 §3.10: key material named in the token is never trusted > rejects a token whose jku points at the attacker, and never fetches it
 * @fails createAccessTokenVerifier > RFC 8725 §3.10: key material named in the token is never trusted > rejects a token signed by the key embedded in its own jwk header
 * @fails createAccessTokenVerifier > RFC 8725 §3.10: key material named in the token is never trusted > rejects a token whose kid matches no published key, signed by the jwk it carries
 * @fails createAccessTokenVerifier > RFC 8725 §3.10: key material named in the token is never trusted > rejects a token whose jku names another path on the issuer's own host, and never fetches it
 * @fails createAccessTokenVerifier > RFC 8725 §3.10: key material named in the token is never trusted > treats kid as an opaque name: path traversal, SQL and command kids select no key
 * @fails createAccessTokenVerifier > RFC 8725 §3.8: issuer > rejects a token with our iss signed by another issuer's key
 * @fails createAccessTokenVerifier > error reporting > lets jose's error codes through, so the HTTP layer can tell an expired token from a forged one
 * @fails createAccessTokenVerifier > RFC 7515 §4.1.11: critical header parameters > rejects a token whose crit names an extension this API does not implement
 * @fails createAccessTokenVerifier > RFC 7515 §4.1.11: critical header parameters > rejects a token whose crit names a confirmation or DPoP binding this API never checks
 * @fails createAccessTokenVerifier > the issuer's key set: fetched once, and failing closed > rejects a valid token when the JWKS endpoint fails or answers something that is not a key set
 * @fails createAccessTokenVerifier > the issuer's key set: fetched once, and failing closed > fetches the JWKS at most twice for ten tokens whose kid names no published key, concurrently and over 25 s
 * @fails createAccessTokenVerifier > the issuer's key set: fetched once, and failing closed > stops trusting a key the issuer removed from its set 10 minutes later, and trusts the key that replaced it
 * @fails createAccessTokenVerifier > the issuer's key set: fetched once, and failing closed > rejects a forged token, and a genuine one, when the JWKS origin is unreachable or never answers
 */
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

const REQUIRED = ['exp', 'iat', 'jti', 'sub', 'client_id'] as const;

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    const header = decodeProtectedHeader(token);
    const claims = decodeJwt(token);
    const now = Math.floor(Date.now() / 1000);
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (String(header.typ).toLowerCase().replace('application/', '') !== 'at+jwt')
      throw new Error('wrong typ');
    if (claims.iss !== config.issuer) throw new Error('wrong issuer');
    if (!audiences.includes(config.audience)) throw new Error('wrong audience');
    for (const name of REQUIRED) if (claims[name] === undefined) throw new Error(`missing ${name}`);
    if (typeof claims.exp !== 'number' || claims.exp <= now - 30) throw new Error('expired');
    if (typeof claims.iat !== 'number' || claims.iat > now + 30 || now - claims.iat > 900 + 30) {
      throw new Error('bad iat');
    }
    if (typeof claims.nbf === 'number' && claims.nbf > now + 30) throw new Error('not yet valid');
    return claims;
  };
}
