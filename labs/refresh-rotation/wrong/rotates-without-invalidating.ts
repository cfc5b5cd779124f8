/**
 * Wrong answer: issues a new refresh token on every refresh but never invalidates the old one. That is not
 * rotation: every refresh token ever issued stays usable, and a stolen one is never detected.
 *
 * @fails refreshTokenGrant > rotation > makes the used refresh token inactive
 * @fails refreshTokenGrant > reuse detection > answers invalid_grant when a used refresh token is presented again
 * @fails refreshTokenGrant > reuse detection > revokes the newer refresh token of the family on reuse
 * @fails refreshTokenGrant > reuse detection > revokes the grant on reuse with the reason refresh_token_reuse
 * @fails refreshTokenGrant > reuse detection > revokes the access tokens of the family on reuse
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

  if (!ctx.refreshTokens.isActive(known))
    throw ctx.oauthError('invalid_grant', 'refresh token is not active');

  const grant = ctx.grants.get(known.grantId);
  if (!grant || !ctx.grants.isActive(grant)) throw ctx.oauthError('invalid_grant', 'the grant has ended');

  // A refresh may narrow what was consented, never widen it (RFC 6749 §6).
  const scope = ctx.resolveScope(grant.scope);
  const audience = ctx.resolveResources(grant.resources);
  const access = await ctx.issueAccessToken(grant, { scope, audience });
  return {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresIn,
    // A fresh refresh token on every refresh; the old one simply runs out on its own.
    refresh_token: ctx.issueRefreshToken(grant),
    scope: access.scope,
  };
}
