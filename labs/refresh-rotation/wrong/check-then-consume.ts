/**
 * Wrong answer: checks that the token is active, awaits the signing of the new access token,
 * and only then marks it used. Two refreshes racing on one token both pass the check: two live families.
 *
 * @fails refreshTokenGrant > concurrency > never lets two parallel refreshes with the same token both leave a usable refresh token
 * @fails refreshTokenGrant > concurrency > revokes the grant when a used refresh token arrives while the refresh that used it is in flight
 */
import type { GrantContext, TokenResponseBody } from '@lab/server';

/**
 * The token endpoint's `refresh_token` grant (RFC 6749 §6) with rotation and reuse detection
 * (RFC 9700 §4.14.2). The server has already authenticated `ctx.client`.
 */
export async function refreshTokenGrant(ctx: GrantContext): Promise<TokenResponseBody> {
  const presented = ctx.params.get('refresh_token');
  if (!presented) throw ctx.oauthError('invalid_request', 'refresh_token is required');

  // Bound to the client it was issued to. Checked before consuming, so another client cannot burn it.
  const known = ctx.refreshTokens.find(presented);
  if (!known || known.clientId !== ctx.client.id)
    throw ctx.oauthError('invalid_grant', 'unknown refresh token');

  if (known.status === 'consumed') {
    ctx.grants.revoke(known.grantId, 'refresh_token_reuse');
    throw ctx.oauthError('invalid_grant', 'refresh token already used; the grant is revoked');
  }
  if (!ctx.refreshTokens.isActive(known))
    throw ctx.oauthError('invalid_grant', 'refresh token is not active');

  const grant = ctx.grants.get(known.grantId);
  if (!grant || !ctx.grants.isActive(grant)) throw ctx.oauthError('invalid_grant', 'the grant has ended');

  const scope = ctx.resolveScope(grant.scope);
  const audience = ctx.resolveResources(grant.resources);
  const access = await ctx.issueAccessToken(grant, { scope, audience });
  // Marked used only once the new tokens exist, so a failed signing leaves the client's token intact.
  ctx.refreshTokens.consume(presented);
  return {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresIn,
    refresh_token: ctx.issueRefreshToken(grant),
    scope: access.scope,
  };
}
