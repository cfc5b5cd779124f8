// @freedom "the issuer's keys cannot be fetched | refuse" detected by jose error classes (JWKSTimeout, plain JOSEError from the fetch) rather than codes; a JWTVerifyGetKey wrapper; scope tokens split on any run of spaces.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

export interface BearerConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
  requiredScope: string;
}

export type ProtectedHandler = (request: Request, claims: JWTPayload) => Promise<Response>;

const HEADER = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

function challenge(status: number, params: Record<string, string> = {}): Response {
  const attrs = Object.entries({ realm: 'orders', ...params }).map(([k, v]) => `${k}="${v}"`);
  return new Response(JSON.stringify({ error: params['error'] ?? 'unauthorized' }), {
    status,
    headers: { 'content-type': 'application/json', 'www-authenticate': `Bearer ${attrs.join(', ')}` },
  });
}

function isOutage(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout) return true;
  // jose throws a bare JOSEError (ERR_JOSE_GENERIC) when the JWKS response is unusable, and fetch throws TypeError.
  if (error instanceof TypeError) return true;
  return error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC';
}

export function requireBearerToken(
  config: BearerConfig,
  next: ProtectedHandler,
): (request: Request) => Promise<Response> {
  const remote = createRemoteJWKSet(new URL(config.jwksUri));
  const getKey: JWTVerifyGetKey = (header, token) => remote(header, token);

  return async (request) => {
    const header = request.headers.get('authorization');
    if (header === null || !/^bearer(\s|$)/i.test(header)) return challenge(401);
    const match = HEADER.exec(header);
    if (!match?.[1]) return challenge(400, { error: 'invalid_request' });
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(match[1], getKey, {
        algorithms: ['ES256'],
        issuer: config.issuer,
        audience: config.audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
        clockTolerance: 30,
        maxTokenAge: '15m',
      }));
    } catch (error) {
      if (isOutage(error)) return Response.json({ error: 'temporarily_unavailable' }, { status: 503 });
      return challenge(401, { error: 'invalid_token' });
    }
    const scope = claims['scope'];
    const granted = typeof scope === 'string' ? scope.split(/ +/).filter(Boolean) : [];
    if (!granted.includes(config.requiredScope)) {
      return challenge(403, { error: 'insufficient_scope', scope: config.requiredScope });
    }
    return next(request, claims);
  };
}
