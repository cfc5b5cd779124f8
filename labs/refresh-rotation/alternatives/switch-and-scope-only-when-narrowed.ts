// @freedom "returns the token response": RFC 6749 §5.1 makes scope OPTIONAL when identical to the requested one — omitted unless narrowed; a switch over every consume outcome; the refresh token minted before the access token.
import type { GrantContext, TokenResponseBody } from '@lab/server';

export async function refreshTokenGrant(ctx: GrantContext): Promise<TokenResponseBody> {
  const presented = ctx.params.get('refresh_token');
  if (presented === null || presented === '')
    throw ctx.oauthError('invalid_request', 'missing refresh_token');

  const record = ctx.refreshTokens.find(presented);
  if (record === undefined || record.clientId !== ctx.client.id) {
    throw ctx.oauthError('invalid_grant', 'invalid refresh token');
  }

  const result = ctx.refreshTokens.consume(presented);
  switch (result.outcome) {
    case 'ok':
      break;
    case 'reused':
      ctx.grants.revoke(result.record.grantId, 'refresh_token_reuse');
      throw ctx.oauthError('invalid_grant', 'invalid refresh token');
    case 'revoked':
    case 'expired':
    case 'unknown':
      throw ctx.oauthError('invalid_grant', 'invalid refresh token');
  }

  const grant = ctx.grants.get(result.record.grantId);
  if (grant === undefined || !ctx.grants.isActive(grant))
    throw ctx.oauthError('invalid_grant', 'invalid refresh token');

  const scope = ctx.resolveScope(grant.scope);
  const audience = ctx.resolveResources(grant.resources);
  const refreshToken = ctx.issueRefreshToken(grant);
  const access = await ctx.issueAccessToken(grant, { scope, audience });
  const narrowed = scope.length !== grant.scope.length;
  const body: TokenResponseBody = {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresIn,
    refresh_token: refreshToken,
  };
  if (narrowed) body.scope = scope.join(' ');
  return body;
}
