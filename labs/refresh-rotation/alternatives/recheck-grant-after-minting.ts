// @freedom Stricter: looks at the grant again after awaiting the access token, so a refresh whose grant was revoked meanwhile (by a racing reuse) is refused too and a race may leave no winner at all.
import type { GrantContext, TokenResponseBody } from '@lab/server';

/**
 * The token endpoint's `refresh_token` grant (RFC 6749 §6) with rotation and reuse detection
 * (RFC 9700 §4.14.2). The server has already authenticated `ctx.client`.
 */
export async function refreshTokenGrant(ctx: GrantContext): Promise<TokenResponseBody> {
  const presented = ctx.params.get('refresh_token');
  if (!presented) throw ctx.oauthError('invalid_request', 'refresh_token is required');

  const known = ctx.refreshTokens.find(presented);
  if (!known || known.clientId !== ctx.client.id)
    throw ctx.oauthError('invalid_grant', 'unknown refresh token');

  const result = ctx.refreshTokens.consume(presented);
  if (result.outcome === 'reused') {
    ctx.grants.revoke(result.record.grantId, 'refresh_token_reuse');
    throw ctx.oauthError('invalid_grant', 'refresh token already used; the grant is revoked');
  }
  if (result.outcome !== 'ok') throw ctx.oauthError('invalid_grant', `refresh token is ${result.outcome}`);

  const alive = () => {
    const grant = ctx.grants.get(result.record.grantId);
    if (!grant || !ctx.grants.isActive(grant)) throw ctx.oauthError('invalid_grant', 'the grant has ended');
    return grant;
  };
  const grant = alive();
  const scope = ctx.resolveScope(grant.scope);
  const audience = ctx.resolveResources(grant.resources);
  const access = await ctx.issueAccessToken(grant, { scope, audience });
  // The grant may have been revoked while the token was being signed: hand out nothing for a dead grant.
  alive();
  return {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresIn,
    refresh_token: ctx.issueRefreshToken(grant),
    scope: access.scope,
  };
}
