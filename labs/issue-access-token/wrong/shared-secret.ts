/**
 * Mistake: HS256 with a memorable shared secret. Every resource server that can verify a token can also mint
 * one, and "secret" falls to the first dictionary an attacker tries (RFC 8725 §3.5, RFC 7518 §3.2; prefer an
 * asymmetric key whose public half is published).
 *
 * @fails createAccessTokenIssuer > RFC 9068 §4: resource servers accept its tokens > issues tokens a strict resource server accepts with the published JWKS
 * @fails createAccessTokenIssuer > RFC 9068 §4: resource servers accept its tokens > puts the requested subject, client, audience and scope in each token
 * @fails createAccessTokenIssuer > RFC 9068 §2.1: header > names its signing key with a kid that resolves in the published JWKS
 * @fails createAccessTokenIssuer > RFC 9068 §2.1: header > signs with an asymmetric algorithm, never none or a shared secret (RFC 8725 §3.2)
 * @fails createAccessTokenIssuer > RFC 8725 §3.5: key strength > cannot be forged by guessing a dictionary HMAC secret
 * @fails createAccessTokenIssuer > RFC 8725 §3.5: key strength > generates its own signing key instead of shipping one in the source
 * @fails createAccessTokenIssuer > RFC 7517 §9.2: published JWKS > publishes public keys only: no d, p, q, dp, dq, qi, oth or k
 * @fails createAccessTokenIssuer > RFC 7517 §9.2: published JWKS > labels every published key with kid, alg and use "sig" (RFC 7517 §4, RFC 8725 §3.1)
 */
import { base64url, SignJWT, type JWK } from 'jose';

export interface AccessTokenRequest {
  subject: string;
  clientId: string;
  audience: string;
  scope: string;
}

export interface AccessTokenIssuer {
  jwks(): Promise<{ keys: JWK[] }>;
  issue(request: AccessTokenRequest): Promise<string>;
}

/** Shared with every API team over chat. */
const SHARED_SECRET = new TextEncoder().encode('secret');

export async function createAccessTokenIssuer(config: { issuer: string }): Promise<AccessTokenIssuer> {
  return {
    async jwks() {
      // Nothing to publish: the APIs already have the secret.
      return { keys: [] };
    },
    async issue(request) {
      return new SignJWT({ client_id: request.clientId, scope: request.scope })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setIssuer(config.issuer)
        .setSubject(request.subject)
        .setAudience(request.audience)
        .setJti(base64url.encode(crypto.getRandomValues(new Uint8Array(16))))
        .setIssuedAt()
        .setExpirationTime('15m')
        .sign(SHARED_SECRET);
    },
  };
}
