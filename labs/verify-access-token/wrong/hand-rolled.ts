/**
 * Mistake: a hand-written verifier "because it is only a few lines". It trusts the header's alg to choose
 * how to verify: "none" skips the check, and an HS256 token is MACed with the key's PEM text, the way
 * jsonwebtoken-style code passes one key string for every algorithm. It also ignores crit
 * (RFC 8725 §3.1, RFC 7518 §3.6, RFC 7515 §4.1.11).
 *
 * @fails createAccessTokenVerifier > RFC 8725 §3.1–3.2: algorithm verification > rejects alg none in every spelling (none, None, NONE, nOnE)
 * @fails createAccessTokenVerifier > RFC 8725 §3.1–3.2: algorithm verification > rejects HS256 tokens keyed with the issuer's public key (algorithm confusion)
 * @fails createAccessTokenVerifier > error reporting > lets jose's error codes through, so the HTTP layer can tell an expired token from a forged one
 * @fails createAccessTokenVerifier > RFC 7515 §4.1.11: critical header parameters > rejects a token whose crit names an extension this API does not implement
 * @fails createAccessTokenVerifier > RFC 7515 §4.1.11: critical header parameters > rejects a token whose crit names a confirmation or DPoP binding this API never checks
 * @fails createAccessTokenVerifier > the issuer's key set: fetched once, and failing closed > fetches the JWKS at most twice for ten requests, in sequence and concurrently
 * @fails createAccessTokenVerifier > the issuer's key set: fetched once, and failing closed > fetches the JWKS at most twice for ten tokens whose kid names no published key, concurrently and over 25 s
 */
import { base64url, decodeJwt, exportSPKI, importJWK, type JWK, type JWTPayload } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

const text = (segment: string): string => new TextDecoder().decode(base64url.decode(segment));

async function publishedKey(jwksUri: string, kid: unknown): Promise<JWK> {
  const { keys } = (await (await fetch(jwksUri)).json()) as { keys: JWK[] };
  const key = keys.find((candidate) => candidate.kid === kid);
  if (!key) throw new Error('unknown kid');
  return key;
}

async function signatureIsValid(
  alg: string,
  jwk: JWK,
  input: string,
  signature: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  const data = new TextEncoder().encode(input);
  if (alg === 'HS256') {
    const pem = await exportSPKI((await importJWK(jwk, 'ES256', { extractable: true })) as CryptoKey);
    const secret = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(pem),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    return crypto.subtle.verify('HMAC', secret, signature, data);
  }
  if (alg === 'ES256') {
    const key = await crypto.subtle.importKey(
      'jwk',
      jwk as JsonWebKey,
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, data);
  }
  throw new Error(`unsupported alg ${alg}`);
}

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    const [header = '', payload = '', signature = ''] = token.split('.');
    const { alg, kid, typ } = JSON.parse(text(header)) as {
      alg: string;
      kid?: string;
      typ?: string;
    };
    if (alg.toLowerCase() !== 'none') {
      const jwk = await publishedKey(config.jwksUri, kid);
      if (
        !(await signatureIsValid(
          alg,
          jwk,
          `${header}.${payload}`,
          new Uint8Array(base64url.decode(signature)),
        ))
      ) {
        throw new Error('bad signature');
      }
    }
    const claims = decodeJwt(token);
    const now = Math.floor(Date.now() / 1000);
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (typ?.toLowerCase().replace('application/', '') !== 'at+jwt') throw new Error('wrong typ');
    if (claims.iss !== config.issuer || !audiences.includes(config.audience)) throw new Error('not for us');
    for (const name of ['jti', 'sub', 'client_id'])
      if (claims[name] === undefined) throw new Error(`missing ${name}`);
    if (typeof claims.exp !== 'number' || claims.exp <= now - 30) throw new Error('expired');
    if (typeof claims.iat !== 'number' || claims.iat > now + 30 || now - claims.iat > 930)
      throw new Error('bad iat');
    if (typeof claims.nbf === 'number' && claims.nbf > now + 30) throw new Error('not yet valid');
    return claims;
  };
}
