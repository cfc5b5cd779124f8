// class: required-member
// mistake: Mints internal tokens without jti, so services cannot detect a replayed internal token (the statement requires a random jti).
// @fails createGateway > at the edge > forwards a request with a valid access token to its service
// @fails createGateway > at the edge > answers 401 with a Bearer challenge, forwarding nothing, to every method without a bearer token
// @fails createGateway > at the edge > reads the bearer token as RFC 6750 §2.1 writes it, with a case-insensitive scheme
// @fails createGateway > at the edge > answers 401 without forwarding when the access token is forged
// @fails createGateway > at the edge > answers 401 to alg none, HMAC keyed with the public key and keys named by the token
// @fails createGateway > at the edge > answers 401 to an access token issued for another API
// @fails createGateway > at the edge > answers 401 to a token whose iss only resembles the authorization server
// @fails createGateway > at the edge > answers 401 to an ID token or a token of another type
// @fails createGateway > at the edge > answers 401 to an access token without a claim RFC 9068 requires, or with exp of the wrong type
// @fails createGateway > at the edge > forwards an access token until exp and refuses it beyond the 60 s tolerance
// @fails createGateway > at the edge > answers 401 to an internal token presented from outside
// @fails createGateway > at the edge > answers 503 and forwards nothing while the key set cannot be fetched
// @fails createGateway > routing > answers 404 to paths that only resemble a route prefix and forwards nothing
// @fails createGateway > routing > passes Accept, Accept-Language and Content-Type on as the caller sent them
// @fails createGateway > routing > answers 502 when the route's service cannot be reached
// @fails createGateway > routing > forwards the same method, path, query and body to the route upstream
// @fails createGateway > the internal token > replaces the access token with an internal+jwt token
// @fails createGateway > the internal token > copies sub, client_id and scope from the verified access token, never from the request
// @fails createGateway > the internal token > lets the internal token live at most 60 seconds
// @fails createGateway > the internal token > names only the target service in aud
// @fails createGateway > the internal token > cannot be replayed to another service
// @fails createGateway > the internal token > gives every internal token its own jti
// @fails createGateway > identity > takes the subject from the verified token, not from identity headers
// @fails createGateway > identity > never forwards the caller's identity headers
// @fails createGateway > identity > never forwards the caller's access token
// @fails createGateway > legitimate traffic > forwards genuine requests after attacks and mixed among them in a shuffled order
// @fails createGateway > at the edge > answers 401 to a token signed for another algorithm by a key the key set publishes
// @fails createGateway > at the edge > answers 401 to a token another gateway, created with other options, accepted
// @fails createGateway > the internal token > copies no other claim of the access token
// @fails createGateway > identity > forwards each of two concurrent requests with its own caller's identity
// @fails createGateway > the internal token > draws jti from the CSPRNG: a predictable Math.random repeats no jti
import { SignJWT, createRemoteJWKSet, errors, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';

export interface GatewayRoute {
  /** Path prefix the route owns, e.g. `/orders` (matches `/orders` and `/orders/…`). */
  prefix: string;
  /** Origin of the service behind it, e.g. `https://orders.example.test`. */
  upstream: string;
  /** That service's audience: the only `aud` of the internal tokens minted for it. */
  audience: string;
}

export interface GatewayOptions {
  /** The authorization server whose access tokens callers present. */
  issuer: string;
  /** Its `jwks_uri`. */
  jwksUri: string;
  /** The `aud` external access tokens must carry to enter (the public API). */
  audience: string;
  /** The gateway's own issuer identifier, the `iss` of internal tokens. */
  internalIssuer: string;
  /** The gateway's signing key for internal tokens; the services trust only its public half. */
  signingKey: { kid: string; alg: string; privateKey: CryptoKey | Uint8Array };
  routes: readonly GatewayRoute[];
}

/** The explicit type of internal tokens, so neither kind of token passes as the other (RFC 8725 §3.12). */
const INTERNAL_TYPE = 'internal+jwt';
const INTERNAL_LIFETIME = '60s';
/** Only these caller headers reach a service: identity travels in the internal token, nowhere else. */
const FORWARDED_HEADERS = ['accept', 'accept-language', 'content-type'];

function reply(status: number, error: string, challenge?: string): Response {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (challenge) headers['www-authenticate'] = challenge;
  return Response.json({ error }, { status, headers });
}

export function createGateway(options: GatewayOptions): (request: Request) => Promise<Response> {
  const jwks = createRemoteJWKSet(new URL(options.jwksUri));

  async function verifyAccessToken(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, jwks, {
      algorithms: ['ES256'],
      issuer: options.issuer,
      audience: options.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 30,
    });
    return payload;
  }

  function mintInternalToken(verified: JWTPayload, audience: string): Promise<string> {
    // Only claims from the VERIFIED token: the subject comes from jwtVerify, never from a header.
    const claims: JWTPayload = { client_id: verified['client_id'], scope: verified['scope'] };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: options.signingKey.alg, kid: options.signingKey.kid, typ: INTERNAL_TYPE })
      .setIssuer(options.internalIssuer)
      .setSubject(String(verified.sub))
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(INTERNAL_LIFETIME)
      .sign(options.signingKey.privateKey);
  }

  return async (request) => {
    const url = new URL(request.url);
    const route = options.routes.find(
      (r) => url.pathname === r.prefix || url.pathname.startsWith(`${r.prefix}/`),
    );
    if (!route) return reply(404, 'not_found');

    const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(request.headers.get('authorization') ?? '');
    if (!match?.[1]) return reply(401, 'unauthorized', 'Bearer realm="gateway"');

    let verified: JWTPayload;
    try {
      verified = await verifyAccessToken(match[1]);
    } catch (error) {
      const keysDown =
        !(error instanceof errors.JOSEError) || ['ERR_JOSE_GENERIC', 'ERR_JWKS_TIMEOUT'].includes(error.code);
      if (keysDown) return reply(503, 'temporarily_unavailable');
      return reply(401, 'invalid_token', 'Bearer realm="gateway", error="invalid_token"');
    }

    const headers = new Headers();
    for (const name of FORWARDED_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    headers.set('authorization', `Bearer ${await mintInternalToken(verified, route.audience)}`);
    const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
    try {
      return await fetch(new URL(`${url.pathname}${url.search}`, route.upstream), {
        method: request.method,
        headers,
        body,
      });
    } catch {
      return reply(502, 'bad_gateway');
    }
  };
}
