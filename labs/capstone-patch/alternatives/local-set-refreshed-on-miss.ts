// @freedom "signed with ES256 by a key from `config.jwksUri`" and "the key set may be cached, for at most that long": the key set is fetched by hand and wrapped in createLocalJWKSet, refetched when it is older than 5 minutes or no key matches; a fetch failure refuses the request.
import {
  createLocalJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';

export interface OrdersVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

export function createLegacyOrdersVerifier(
  config: OrdersVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  let cached: { at: number; get: JWTVerifyGetKey } | undefined;
  async function load(): Promise<JWTVerifyGetKey> {
    const res = await fetch(config.jwksUri, { signal: AbortSignal.timeout(1500) });
    if (!res.ok) throw new Error(`key set unavailable: ${res.status}`);
    const set = (await res.json()) as JSONWebKeySet;
    const get = createLocalJWKSet(set);
    cached = { at: Date.now(), get };
    return get;
  }
  const getKey: JWTVerifyGetKey = async (header, token) => {
    const fresh = cached && Date.now() - cached.at < 300_000 ? cached.get : await load();
    try {
      return await fresh(header, token);
    } catch (err) {
      if (err instanceof errors.JWKSNoMatchingKey) return (await load())(header, token);
      throw err;
    }
  };
  return async function verify(token) {
    return (
      await jwtVerify(token, getKey, {
        algorithms: ['ES256'],
        issuer: config.issuer,
        audience: config.audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
        clockTolerance: 30,
        maxTokenAge: '15m',
      })
    ).payload;
  };
}
