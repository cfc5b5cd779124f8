import { authenticateClient } from '../client-auth';
import { OAuthError, oauthError } from '../errors';
import type { GrantContext, TokenResponseBody } from '../grants/grant-handler';
import {
  CODE_STORE_MEMBERS,
  GRANT_STORE_MEMBERS,
  readOnlyClock,
  REFRESH_TOKEN_STORE_MEMBERS,
  storeView,
} from '../grants/handler-view';
import { frozenCopy } from '../frozen-copy';
import { jsonResponse } from '../http/json-response';
import { readForm } from '../http/read-form';
import { resolveResources } from '../resources';
import { resolveScope } from '../scope';
import type { ServerState } from '../server-state';

function checkBody(body: unknown): TokenResponseBody {
  const candidate = body as Partial<TokenResponseBody> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.access_token !== 'string' ||
    candidate.token_type !== 'Bearer' ||
    typeof candidate.expires_in !== 'number'
  ) {
    throw oauthError(
      'server_error',
      'the grant handler returned no access_token, token_type Bearer and expires_in',
    );
  }
  return candidate as TokenResponseBody;
}

/**
 * RFC 6749 §3.2 token endpoint: reads the form, authenticates the client, dispatches to the grant handler for
 * `grant_type`, and answers JSON with `Cache-Control: no-store` (§5.1).
 */
export async function tokenEndpoint(request: Request, state: ServerState): Promise<Response> {
  const params = await readForm(request, state.config.limits.maxBodyBytes);
  const grantType = params.get('grant_type');
  if (grantType === null) throw oauthError('invalid_request', 'grant_type is required');
  const { client } = authenticateClient(request, params, state.clients, { allowPublic: true });
  const handler = Object.hasOwn(state.handlers, grantType) ? state.handlers[grantType] : undefined;
  if (!handler) throw oauthError('unsupported_grant_type', `grant_type ${grantType} is not supported`);
  if (!client.grantTypes.includes(grantType)) {
    throw oauthError('unauthorized_client', `client ${client.id} may not use grant_type ${grantType}`);
  }
  const resources = Object.freeze(params.getAll('resource'));
  const context: GrantContext = {
    params,
    // Views and frozen copies, never the server's own objects: the handler may be learner code
    // (see handler-view.ts). A registration it could write to would change how the next request authenticates.
    client: frozenCopy(client),
    request,
    issuer: state.issuer,
    clock: readOnlyClock(state.clock),
    lifetimes: frozenCopy({ ...state.config.lifetimes }),
    users: frozenCopy(state.users),
    grants: storeView(state.grants, GRANT_STORE_MEMBERS),
    refreshTokens: storeView(state.refreshTokens, REFRESH_TOKEN_STORE_MEMBERS),
    codes: storeView(state.codes, CODE_STORE_MEMBERS),
    resources,
    issueAccessToken: (grant, options = {}) =>
      state.minter.mint({
        clientId: grant.clientId,
        sub: grant.sub,
        scope: options.scope ?? grant.scope,
        audience: options.audience ?? grant.resources,
        grantId: grant.id,
      }),
    issueRefreshToken: (grant) => state.refreshTokens.issue(grant, state.config.lifetimes.refreshToken).token,
    resolveScope: (allowed) => resolveScope(params.get('scope'), allowed),
    resolveResources: (allowed) => resolveResources(resources, allowed),
    oauthError: (code, description, options) => new OAuthError(code, description, options),
  };
  const body = checkBody(await handler(context));
  return jsonResponse(body, { noStore: true });
}
