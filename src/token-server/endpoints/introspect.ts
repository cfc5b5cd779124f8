import { authenticateClient } from '../client-auth';
import { oauthError } from '../errors';
import { jsonResponse } from '../http/json-response';
import { readForm } from '../http/read-form';
import type { ClientRegistration } from '../options';
import { formatScope } from '../scope';
import type { ServerState } from '../server-state';
import { findActiveToken, type FoundToken } from './token-lookup';

/** RFC 7662 §4: a caller learns about its own tokens, and a resource server about tokens meant for it. */
function mayIntrospect(caller: ClientRegistration, found: NonNullable<FoundToken>): boolean {
  if (found.record.clientId === caller.id) return true;
  return (
    found.kind === 'access_token' &&
    caller.audience !== undefined &&
    found.record.audience.includes(caller.audience)
  );
}

function activeBody(found: NonNullable<FoundToken>, state: ServerState): Record<string, unknown> {
  if (found.kind === 'access_token') {
    const { record } = found;
    const username = state.users.find((user) => user.id === record.sub)?.username;
    return {
      active: true,
      scope: formatScope(record.scope),
      client_id: record.clientId,
      ...(username ? { username } : {}),
      token_type: 'Bearer',
      exp: record.exp,
      iat: record.iat,
      sub: record.sub,
      aud: record.audience.length === 1 ? record.audience[0] : record.audience,
      iss: state.issuer,
      jti: record.jti,
    };
  }
  const { record } = found;
  const grant = state.grants.get(record.grantId);
  const username = state.users.find((user) => user.id === grant?.sub)?.username;
  return {
    active: true,
    scope: formatScope(grant?.scope ?? []),
    client_id: record.clientId,
    ...(username ? { username } : {}),
    exp: Math.floor(record.expiresAt / 1000),
    iat: Math.floor(record.issuedAt / 1000),
    ...(grant ? { sub: grant.sub } : {}),
    iss: state.issuer,
  };
}

/**
 * RFC 7662 introspection for authenticated (confidential) clients. Every inactive case (unknown, expired,
 * revoked, malformed, or not the caller's business) is `{"active": false}` with no other member (§2.2).
 */
export async function introspectEndpoint(request: Request, state: ServerState): Promise<Response> {
  const params = await readForm(request, state.config.limits.maxBodyBytes);
  const { client } = authenticateClient(request, params, state.clients, { allowPublic: false });
  const token = params.get('token');
  if (token === null) throw oauthError('invalid_request', 'token is required');
  const found = await findActiveToken(token, params.get('token_type_hint'), state);
  const body = found && mayIntrospect(client, found) ? activeBody(found, state) : { active: false };
  return jsonResponse(body, { noStore: true });
}
