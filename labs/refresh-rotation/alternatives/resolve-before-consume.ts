// @freedom Any order that keeps the rules: scope and resources are resolved against the grant (looked up read-only) before consuming, so an invalid_scope / invalid_target request does not burn the token — AMBIGUOUS: lab.md does not say whether a refused scope request must consume the token.
import type { GrantContext, TokenResponseBody } from '@lab/server';

export async function refreshTokenGrant(ctx: GrantContext): Promise<TokenResponseBody> {
  const presented = ctx.params.get('refresh_token');
  if (!presented) throw ctx.oauthError('invalid_request', 'refresh_token is required');

  const known = ctx.refreshTokens.find(presented);
  if (!known || known.clientId !== ctx.client.id)
    throw ctx.oauthError('invalid_grant', 'unknown refresh token');
  const consented = ctx.grants.get(known.grantId);
  if (!consented) throw ctx.oauthError('invalid_grant', 'unknown refresh token');
  const scope = ctx.resolveScope(consented.scope);
  const audience = ctx.resolveResources(consented.resources);

  const result = ctx.refreshTokens.consume(presented);
  if (result.outcome === 'reused') {
    ctx.grants.revoke(result.record.grantId, 'refresh_token_reuse');
    throw ctx.oauthError('invalid_grant', 'refresh token already used');
  }
  if (result.outcome !== 'ok') throw ctx.oauthError('invalid_grant', 'refresh token is not valid');
  const grant = ctx.grants.get(result.record.grantId);
  if (!grant || !ctx.grants.isActive(grant)) throw ctx.oauthError('invalid_grant', 'the grant has ended');

  const access = await ctx.issueAccessToken(grant, { scope, audience });
  return {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresIn,
    refresh_token: ctx.issueRefreshToken(grant),
    scope: access.scope,
  };
}
