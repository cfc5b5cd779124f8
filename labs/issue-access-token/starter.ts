import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/** A token request the token endpoint received. */
export interface AccessTokenRequest {
  /** RFC 7523 client assertion: a JWT the client signed with the key it registered. */
  clientAssertion: string;
  /** The resource owner the client acts for. */
  subject: string;
  /** The one resource server the token is for. */
  audience: string;
  /** Granted scopes, space-separated. */
  scope: string;
}

export interface IssuerConfig {
  /** This authorization server's issuer identifier: the `iss` of its tokens and the one `aud` of client assertions. */
  issuer: string;
  /**
   * This server's token endpoint URL. Never a client assertion's audience: an assertion whose `aud` names it
   * is refused (draft-ietf-oauth-rfc7523bis; CVE-2025-27370/27371).
   */
  tokenEndpoint: string;
  /** Registered clients by `client_id`, each with the public keys it authenticates with. */
  clients: Readonly<Record<string, { jwks: { keys: JWK[] } }>>;
  /** Serves a JWK Set at this issuer's `jwks_uri`, replacing what was served before. */
  publishJwks(jwks: { keys: JWK[] }): void;
}

/**
 * A first token endpoint: it reads which client is calling, signs something, and publishes a key so
 * resource servers can check it. Run the checks to see what a strict resource server and a curious
 * attacker make of it.
 */
export async function createAccessTokenIssuer(
  config: IssuerConfig,
): Promise<(request: AccessTokenRequest) => Promise<string>> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  config.publishJwks({ keys: [await exportJWK(publicKey)] });

  return async function issue(request: AccessTokenRequest): Promise<string> {
    const { sub: clientId } = decodeJwt(request.clientAssertion);
    return new SignJWT({ sub: request.subject, client: clientId, scope: request.scope })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(config.issuer)
      .setAudience(request.audience)
      .setIssuedAt()
      .sign(privateKey);
  };
}
