import { oauthError } from './errors';
import type { ClientRegistration } from './options';

type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface AuthenticatedClient {
  client: ClientRegistration;
  method: ClientAuthMethod;
}

const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="oauth", charset="UTF-8"' };

function failBasic(description: string): never {
  // RFC 6749 §5.2: a client that tried the Authorization header gets 401 with a matching WWW-Authenticate.
  throw oauthError('invalid_client', description, { headers: BASIC_CHALLENGE });
}

function equalSecrets(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

/** RFC 6749 §2.3.1: the Basic credentials are form-urlencoded before base64. */
function parseBasic(header: string): { id: string; secret: string } {
  const encoded = header.slice(6).trim();
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)),
    );
  } catch {
    failBasic('Authorization header is not valid base64 Basic credentials');
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) failBasic('Basic credentials must be client_id:client_secret');
  try {
    const formDecode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    failBasic('Basic credentials are not form-urlencoded (RFC 6749 section 2.3.1)');
  }
}

/**
 * Authenticates the client of a token, revocation or introspection request (RFC 6749 §2.3): `client_secret_basic`,
 * `client_secret_post`, or `none` for a public client that only names itself. Using two methods at once is
 * `invalid_request`; every failure to authenticate is `invalid_client` (401).
 */
export function authenticateClient(
  request: Request,
  params: URLSearchParams,
  clients: ReadonlyMap<string, ClientRegistration>,
  options: { allowPublic: boolean },
): AuthenticatedClient {
  const authorization = request.headers.get('authorization');
  const bodyId = params.get('client_id');
  const bodySecret = params.get('client_secret');

  if (authorization !== null) {
    if (!/^basic /i.test(authorization))
      failBasic('only Basic client authentication is accepted in the Authorization header');
    if (bodySecret !== null)
      throw oauthError(
        'invalid_request',
        'use one client authentication method, not Basic and client_secret together',
      );
    const { id, secret } = parseBasic(authorization);
    if (bodyId !== null && bodyId !== id)
      throw oauthError('invalid_request', 'client_id in the body differs from the Basic credentials');
    const client = clients.get(id);
    if (!client || client.secret === undefined || !equalSecrets(secret, client.secret))
      failBasic('client authentication failed');
    return { client, method: 'client_secret_basic' };
  }

  if (bodyId === null) throw oauthError('invalid_client', 'no client authentication included');
  const client = clients.get(bodyId);
  if (!client) throw oauthError('invalid_client', 'client authentication failed');
  if (bodySecret !== null) {
    if (client.secret === undefined || !equalSecrets(bodySecret, client.secret))
      throw oauthError('invalid_client', 'client authentication failed');
    return { client, method: 'client_secret_post' };
  }
  if (client.secret !== undefined)
    throw oauthError('invalid_client', 'confidential client must authenticate');
  if (!options.allowPublic)
    throw oauthError('invalid_client', 'this endpoint requires an authenticated (confidential) client');
  return { client, method: 'none' };
}
