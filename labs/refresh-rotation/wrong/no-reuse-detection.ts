/**
 * Wrong answer: rotates, but answers a replayed refresh token with a plain `invalid_grant`.
 * Whoever refreshed first (the attacker, if the token was stolen) keeps a live family; RFC 9700 §4.14.2
 * asks to revoke it, since the server cannot tell which party is legitimate.
 *
 * @fails refreshTokenGrant > reuse detection > revokes the newer refresh token of the family on reuse
 * @fails refreshTokenGrant > reuse detection > revokes the grant on reuse with the reason refresh_token_reuse
 * @fails refreshTokenGrant > reuse detection > revokes the access tokens of the family on reuse
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

  // One synchronous check-and-consume: of two concurrent refreshes only one can see `ok`.
  const result = ctx.refreshTokens.consume(presented);
  if (result.outcome === 'reused') {
    // Probably a client retrying after a network error: refuse, but don't punish the user.
    throw ctx.oauthError('invalid_grant', 'refresh token already used');
  }
  if (result.outcome !== 'ok') throw ctx.oauthError('invalid_grant', `refresh token is ${result.outcome}`);

  const grant = ctx.grants.get(result.record.grantId);
  if (!grant || !ctx.grants.isActive(grant)) throw ctx.oauthError('invalid_grant', 'the grant has ended');

  // A refresh may narrow what was consented, never widen it (RFC 6749 §6).
  const scope = ctx.resolveScope(grant.scope);
  const audience = ctx.resolveResources(grant.resources);
  const access = await ctx.issueAccessToken(grant, { scope, audience });
  return {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresIn,
    refresh_token: ctx.issueRefreshToken(grant),
    scope: access.scope,
  };
}
