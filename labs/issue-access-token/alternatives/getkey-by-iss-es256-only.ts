// @freedom a narrower assertion allow-list (ES256 only); the client's key chosen in a JWTVerifyGetKey from the iss, and iss = sub compared by hand; replays remembered by [iss, jti] with a 10 s tolerance; a 20-byte hex jti; exp set as an absolute time from iat
// Ported by the check author to this lab's current client-assertion contract (aud exactly the issuer
// identifier, typ client-authentication+jwt, Ed25519 rather than EdDSA); the freedom above is the blind author's.
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';

export interface AccessTokenRequest {
  clientAssertion: string;
  subject: string;
  audience: string;
  scope: string;
}

export interface IssuerConfig {
  issuer: string;
  tokenEndpoint: string;
  clients: Readonly<Record<string, { jwks: { keys: JWK[] } }>>;
  publishJwks(jwks: { keys: JWK[] }): void;
}

const LIFETIME_SECONDS = 900;
const SKEW = 10;

export async function createAccessTokenIssuer(
  config: IssuerConfig,
): Promise<(request: AccessTokenRequest) => Promise<string>> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  config.publishJwks({
    keys: [{ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid, alg: 'ES256', use: 'sig' } as JWK],
  });

  const seen = new Map<string, number>();

  const clientKey: JWTVerifyGetKey = async (header, token) => {
    const iss = JSON.parse(
      new TextDecoder().decode(
        Uint8Array.from(
          atob(
            String(token.payload)
              .replace(/-/g, '+')
              .replace(/_/g, '/')
              .padEnd(Math.ceil(token.payload.length / 4) * 4, '='),
          ),
          (c) => c.charCodeAt(0),
        ),
      ),
    ).iss as unknown;
    if (typeof iss !== 'string' || !Object.hasOwn(config.clients, iss)) {
      throw new errors.JWKSNoMatchingKey();
    }
    return createLocalJWKSet(config.clients[iss]!.jwks)(header, token);
  };

  async function authenticate(assertion: string): Promise<string> {
    const { payload } = await jwtVerify(assertion, clientKey, {
      algorithms: ['ES256'],
      audience: config.issuer,
      typ: 'client-authentication+jwt',
      requiredClaims: ['iss', 'sub', 'exp', 'jti'],
      clockTolerance: SKEW,
    });
    // jose accepts an aud array that merely includes the audience; the issuer must be the sole value.
    if (Array.isArray(payload.aud) && payload.aud.length !== 1)
      throw new Error('invalid_client: aud must be this server alone');
    if (payload.iss !== payload.sub) throw new Error('invalid_client');
    const now = Math.floor(Date.now() / 1000);
    for (const [key, exp] of seen) if (exp + SKEW < now) seen.delete(key);
    const key = JSON.stringify([payload.iss, payload.jti]);
    if (seen.has(key)) throw new Error('invalid_client');
    seen.set(key, payload.exp!);
    return payload.iss!;
  }

  return async (request) => {
    const clientId = await authenticate(request.clientAssertion);
    const iat = Math.floor(Date.now() / 1000);
    const jti = Array.from(crypto.getRandomValues(new Uint8Array(20)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
    return new SignJWT({ client_id: clientId, scope: request.scope })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid })
      .setIssuer(config.issuer)
      .setSubject(request.subject)
      .setAudience(request.audience)
      .setJti(jti)
      .setIssuedAt(iat)
      .setExpirationTime(iat + LIFETIME_SECONDS)
      .sign(privateKey);
  };
}
