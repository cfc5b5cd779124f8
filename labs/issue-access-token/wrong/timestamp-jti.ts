/**
 * Mistake: the issue time as the jti. Two tokens minted in the same millisecond share an id, so a deny-list or
 * replay cache keyed on jti confuses them (RFC 7519 §4.1.7: unique, collisions negligible).
 *
 * @fails createAccessTokenIssuer > RFC 7519 §4.1.7: jti > gives every token a unique jti
 * @fails createAccessTokenIssuer > RFC 7519 §4.1.7: jti > draws jti from at least 122 random bits (a UUIDv4 carries 122), not a counter or a clock
 * @fails createAccessTokenIssuer > RFC 7519 §4.1.7: jti > draws jti from the CSPRNG: a predictable Math.random repeats no jti
 */
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JWK,
} from 'jose';

/** A token request the token endpoint received. */
export interface AccessTokenRequest {
  /** RFC 7523 §2.2 client assertion: a JWT the client signed with the key it registered. */
  clientAssertion: string;
  /** The resource owner the client acts for (RFC 9068 §2.2 `sub`). */
  subject: string;
  /** The one resource server the token is for (RFC 9068 §2.2 `aud`, RFC 8707 `resource`). */
  audience: string;
  /** Granted scopes, space-separated (RFC 9068 §2.2.3). */
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
  /** Registered clients by `client_id`, each with the public keys it authenticates with (RFC 7591 `jwks`). */
  clients: Readonly<Record<string, { jwks: { keys: JWK[] } }>>;
  /** Serves a JWK Set at this issuer's `jwks_uri`, replacing what was served before. */
  publishJwks(jwks: { keys: JWK[] }): void;
}

/** The issuer's policy: access tokens live 15 minutes (RFC 9700 §4.14: keep them short-lived). */
const ACCESS_TOKEN_LIFETIME = '15m';

/** The moment of issue: a fresh value for each token. */
function newJti(): string {
  return new Date().toISOString();
}

export async function createAccessTokenIssuer(
  config: IssuerConfig,
): Promise<(request: AccessTokenRequest) => Promise<string>> {
  // The private key is non-extractable: it can sign, but it can never be exported or published by accident.
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  // exportJWK drops alg and use; RFC 8725 §3.1 wants each key tied to exactly one algorithm.
  config.publishJwks({ keys: [{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }] });

  /** Assertion ids already used, until they expire: `client_id jti` → exp (RFC 7523 §3 item 7). */
  const usedAssertions = new Map<string, number>();

  /** RFC 7523 §3: returns the client_id the assertion proves, or throws. */
  async function authenticateClient(assertion: string): Promise<string> {
    // The unverified iss only picks which registered key to try; `issuer` below pins it after verification.
    const clientId = decodeJwt(assertion).iss;
    const client =
      typeof clientId === 'string' && Object.hasOwn(config.clients, clientId)
        ? config.clients[clientId]
        : undefined;
    if (!clientId || !client) throw new Error('invalid_client: unknown client');
    const { payload } = await jwtVerify(assertion, createLocalJWKSet(client.jwks), {
      algorithms: ['ES256', 'PS256', 'RS256', 'Ed25519'],
      issuer: clientId,
      subject: clientId,
      // draft-ietf-oauth-rfc7523bis: the issuer identifier, never the token endpoint URL (CVE-2025-27370/27371).
      audience: config.issuer,
      // A SHOULD for clients; this server's clients all send it, so it requires it (stricter than the draft).
      typ: 'client-authentication+jwt',
      requiredClaims: ['exp', 'jti'],
      clockTolerance: 30,
    });
    // jose accepts an aud array that merely includes the audience; the issuer must be the sole value.
    if (Array.isArray(payload.aud) && payload.aud.length !== 1)
      throw new Error('invalid_client: aud must be this server alone');
    const now = Math.floor(Date.now() / 1000);
    for (const [used, exp] of usedAssertions) if (exp < now - 30) usedAssertions.delete(used);
    const id = `${clientId} ${String(payload.jti)}`;
    if (usedAssertions.has(id)) throw new Error('invalid_client: assertion already used');
    usedAssertions.set(id, payload.exp ?? now);
    return clientId;
  }

  return async function issue(request: AccessTokenRequest): Promise<string> {
    const clientId = await authenticateClient(request.clientAssertion);
    return (
      new SignJWT({ client_id: clientId, scope: request.scope })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
        .setIssuer(config.issuer)
        .setSubject(request.subject)
        .setAudience(request.audience)
        .setJti(newJti())
        .setIssuedAt()
        // A string is relative to iat; a number would be an absolute epoch (jose: 900 means 1970).
        .setExpirationTime(ACCESS_TOKEN_LIFETIME)
        .sign(privateKey)
    );
  };
}
