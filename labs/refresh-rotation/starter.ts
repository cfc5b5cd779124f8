import type { GrantContext, TokenResponseBody } from '@lab/server';

/**
 * The token endpoint's `refresh_token` grant (RFC 6749 §6). The server has already authenticated `ctx.client`.
 * This version hands back the same refresh token every time: a stolen copy works for as long as it lives.
 */
export async function refreshTokenGrant(ctx: GrantContext): Promise<TokenResponseBody> {
  const presented = ctx.params.get('refresh_token');
  if (!presented) throw ctx.oauthError('invalid_request', 'refresh_token is required');

  const record = ctx.refreshTokens.find(presented);
  if (!record || !ctx.refreshTokens.isActive(record))
    throw ctx.oauthError('invalid_grant', 'unknown refresh token');

  const grant = ctx.grants.get(record.grantId);
  if (!grant) throw ctx.oauthError('invalid_grant', 'the grant has ended');

  const access = await ctx.issueAccessToken(grant);
  return {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresIn,
    refresh_token: presented,
    scope: access.scope,
  };
}
