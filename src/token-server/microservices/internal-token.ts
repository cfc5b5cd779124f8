import { SignJWT, base64url, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { SigningKey } from '../keys';

/** The explicit type of gateway-minted tokens: distinct from `at+jwt` so neither passes as the other (RFC 8725 §3.12). */
export const INTERNAL_TOKEN_TYPE = 'internal+jwt';

/**
 * The gateway's own issuer of internal identity tokens (OWASP Microservices Security cheat sheet:
 * a structure signed by a trusted issuer, never exposed outside). Each token names one service in
 * `aud`, lives at most `lifetimeSeconds`, and carries only claims copied from a VERIFIED access token.
 */
export interface InternalTokenIssuer {
  readonly issuer: string;
  readonly lifetimeSeconds: number;
  /** The public keys services verify internal tokens with (served by the gateway). */
  jwks(): JSONWebKeySet;
  /** An internal token for `audience` on behalf of the verified external token's subject. */
  mint(verified: JWTPayload, audience: string): Promise<string>;
}

export function createInternalTokenIssuer(options: {
  issuer: string;
  key: SigningKey;
  now: () => Date;
  lifetimeSeconds?: number;
}): InternalTokenIssuer {
  const { key, now } = options;
  const lifetimeSeconds = options.lifetimeSeconds ?? 60;
  if (!key.publicJwk) throw new TypeError('internal token issuer: needs an asymmetric key with a public JWK');
  const publicJwk = key.publicJwk;
  return {
    issuer: options.issuer,
    lifetimeSeconds,
    jwks: () => ({ keys: [{ ...publicJwk }] }),
    async mint(verified, audience) {
      if (typeof verified.sub !== 'string')
        throw new TypeError('internal token issuer: the verified token has no sub');
      const iat = Math.floor(now().getTime() / 1000);
      const claims: JWTPayload = { client_id: verified['client_id'], scope: verified['scope'] };
      return new SignJWT(Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined)))
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: INTERNAL_TOKEN_TYPE })
        .setIssuer(options.issuer)
        .setSubject(verified.sub)
        .setAudience(audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + lifetimeSeconds)
        .setJti(base64url.encode(crypto.getRandomValues(new Uint8Array(16))))
        .sign(key.privateKey);
    },
  };
}
