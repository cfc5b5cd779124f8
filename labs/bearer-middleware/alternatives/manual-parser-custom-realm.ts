// @freedom `WWW-Authenticate: Bearer realm="…"` (any realm) and a hand-written RFC 6750 §2.1 parser instead of the regex; attribute order error-first; empty generic bodies.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface BearerConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
  requiredScope: string;
}

export type ProtectedHandler = (request: Request, claims: JWTPayload) => Promise<Response>;

const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Returns undefined when Bearer is not attempted, null when it is malformed, else the token. */
function parse(header: string | null): string | null | undefined {
  if (header === null) return undefined;
  const space = header.indexOf(' ');
  const scheme = space === -1 ? header : header.slice(0, space);
  if (scheme.toLowerCase() !== 'bearer') return undefined;
  if (space === -1) return null;
  const rest = header.slice(space).replace(/^ +/, '').replace(/ +$/, '');
  return B64TOKEN.test(rest) ? rest : null;
}

function deny(status: number, error?: string, scope?: string): Response {
  const parts: string[] = [];
  if (error) parts.push(`error="${error}"`);
  if (scope) parts.push(`scope="${scope}"`);
  parts.push('realm="orders-api"');
  return new Response(null, {
    status,
    headers: { 'WWW-Authenticate': `Bearer ${parts.join(', ')}`, 'Cache-Control': 'no-store' },
  });
}

export function requireBearerToken(
  config: BearerConfig,
  next: ProtectedHandler,
): (request: Request) => Promise<Response> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  return async (request) => {
    const token = parse(request.headers.get('Authorization'));
    if (token === undefined) return deny(401);
    if (token === null) return deny(400, 'invalid_request');
    let claims: JWTPayload;
    try {
      claims = (
        await jwtVerify(token, keys, {
          algorithms: ['ES256'],
          issuer: config.issuer,
          audience: config.audience,
          typ: 'at+jwt',
          requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
          clockTolerance: 30,
          maxTokenAge: '15m',
        })
      ).payload;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JOSE_GENERIC' || code === 'ERR_JWKS_TIMEOUT')
        return new Response(null, { status: 503 });
      return deny(401, 'invalid_token');
    }
    const scopes = new Set(typeof claims['scope'] === 'string' ? claims['scope'].split(' ') : []);
    if (!scopes.has(config.requiredScope)) return deny(403, 'insufficient_scope', config.requiredScope);
    return next(request, claims);
  };
}
