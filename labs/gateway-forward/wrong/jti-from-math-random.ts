/**
 * Written from the solution: the internal token's jti drawn from Math.random instead of the CSPRNG.
 *
 * @fails createGateway > the internal token > draws jti from the CSPRNG: a predictable Math.random repeats no jti
 */
// class: issuer-side
// mistake: The jti comes from Math.random, whose few outputs give its state away, breaking "a random `jti` of its own for every token (... from the CSPRNG, `crypto.getRandomValues` or `crypto.randomUUID`, never `Math.random` ...)".
import {
  SignJWT,
  base64url,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type CryptoKey,
  type JWTPayload,
} from 'jose';

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

/** jose's codes for a key set it could not read: an error answer, or no answer in time. */
const KEYS_UNAVAILABLE = [
  'ERR_JOSE_GENERIC',
  // Stryker disable next-line StringLiteral: jose times out after 5 s of real time, beyond the lab's time budget, so no check can present a key set that never answers
  'ERR_JWKS_TIMEOUT',
];

/** A 401 with its RFC 6750 challenge; the body says nothing about why. */
function unauthorized(challenge: string): Response {
  return new Response(null, { status: 401, headers: { 'www-authenticate': challenge } });
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
      .setJti(base64url.encode(new TextEncoder().encode(`${Math.random()}`)))
      .sign(options.signingKey.privateKey);
  }

  return async (request) => {
    const url = new URL(request.url);
    const route = options.routes.find(
      (r) => url.pathname === r.prefix || url.pathname.startsWith(`${r.prefix}/`),
    );
    if (!route) return Response.json({ error: 'not_found' }, { status: 404 });

    const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(request.headers.get('authorization') ?? '');
    if (!match?.[1]) return unauthorized('Bearer realm="gateway"');

    let verified: JWTPayload;
    try {
      verified = await verifyAccessToken(match[1]);
    } catch (error) {
      const keysDown = !(error instanceof errors.JOSEError) || KEYS_UNAVAILABLE.includes(error.code);
      if (keysDown) return new Response(null, { status: 503 });
      return unauthorized('Bearer realm="gateway", error="invalid_token"');
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
      return new Response(null, { status: 502 });
    }
  };
}
