import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  EmbeddedJWK,
  exportSPKI,
  importJWK,
  jwtVerify,
  type JWK,
  type JWTPayload,
  type JWTVerifyOptions,
} from 'jose';

/** Where the orders service's trust comes from. */
export interface OrdersVerifierConfig {
  /** The authorization server's issuer identifier. */
  issuer: string;
  /** The orders service's identifier, which must appear in `aud`. */
  audience: string;
  /** The authorization server's `jwks_uri`. */
  jwksUri: string;
}

/**
 * The legacy orders service's token verification, exactly as the code review found it. It resolves to the
 * claims the service authorises with, and throws to refuse the request.
 */
export function createLegacyOrdersVerifier(
  config: OrdersVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  const options: JWTVerifyOptions = {
    issuer: config.issuer,
    audience: config.audience,
    typ: 'at+jwt',
    requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
    clockTolerance: 30,
    maxTokenAge: '15m',
  };

  /** "The verification key" as PEM text, which is what the old HS256 clients were configured with. */
  async function issuerPublicKeyPem(): Promise<Uint8Array> {
    const { keys: published } = (await (await fetch(config.jwksUri)).json()) as { keys: JWK[] };
    const first = published[0];
    if (!first) throw new Error('the issuer publishes no key');
    const key = await importJWK(first, 'ES256', { extractable: true });
    if (key instanceof Uint8Array) throw new Error('the issuer key is not a public key');
    return new TextEncoder().encode(await exportSPKI(key));
  }

  return async function verify(token: string): Promise<JWTPayload> {
    const header = decodeProtectedHeader(token);
    // Internal batch jobs run behind the firewall and do not sign their tokens.
    if (header.alg?.toLowerCase() === 'none') return decodeJwt(token);
    // Partners send the key they signed with, so we do not have to keep theirs.
    if (header.jwk) return (await jwtVerify(token, EmbeddedJWK, options)).payload;
    // Old clients still send HS256 tokens made with the verification key.
    if (header.alg?.startsWith('HS'))
      return (await jwtVerify(token, await issuerPublicKeyPem(), options)).payload;
    return (await jwtVerify(token, keys, { ...options, algorithms: ['ES256'] })).payload;
  };
}
