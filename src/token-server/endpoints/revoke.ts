import { authenticateClient } from '../client-auth';
import { oauthError } from '../errors';
import { readForm } from '../http/read-form';
import type { ServerState } from '../server-state';
import { findActiveToken } from './token-lookup';

/**
 * RFC 7009 revocation. 200 for revoked, unknown, expired or malformed tokens alike (§2.2: the client's goal is
 * met). A token of another client is refused with `invalid_grant` and stays valid (§2.1). Revoking a refresh
 * token revokes its whole grant, access tokens included (§2.1 SHOULD); revoking an access token revokes only it.
 */
export async function revokeEndpoint(request: Request, state: ServerState): Promise<Response> {
  const params = await readForm(request, state.config.limits.maxBodyBytes);
  const { client } = authenticateClient(request, params, state.clients, { allowPublic: true });
  const token = params.get('token');
  if (token === null) throw oauthError('invalid_request', 'token is required');
  const found = await findActiveToken(token, params.get('token_type_hint'), state);
  if (found) {
    if (found.record.clientId !== client.id)
      throw oauthError('invalid_grant', 'token was issued to another client');
    if (found.kind === 'refresh_token') state.grants.revoke(found.record.grantId, 'revoked');
    else state.accessTokens.revoke(found.record.jti);
  }
  return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } });
}
