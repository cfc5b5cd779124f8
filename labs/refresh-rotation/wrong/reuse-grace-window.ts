// class: state
// mistake: Treats a reuse within 10 seconds of the first use as a client network retry and issues another pair instead of revoking, so an attacker racing the legitimate client forks the family (RFC 9700 §4.14.2 has no grace period).
// @fails refreshTokenGrant > reuse detection > answers invalid_grant when a used refresh token is presented again
// @fails refreshTokenGrant > reuse detection > revokes the newer refresh token of the family on reuse
// @fails refreshTokenGrant > reuse detection > revokes the grant on reuse with the reason refresh_token_reuse
// @fails refreshTokenGrant > reuse detection > revokes the access tokens of the family on reuse
// @fails refreshTokenGrant > concurrency > never lets two parallel refreshes with the same token both leave a usable refresh token
// @fails refreshTokenGrant > concurrency > revokes the grant when a used refresh token arrives while the refresh that used it is in flight
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
    const consumedAt = result.record.consumedAt ?? 0;
    // Benign retries (the response to the first refresh was lost) arrive within seconds: serve them again.
    if (ctx.clock.nowMs() - consumedAt > 10_000) {
      ctx.grants.revoke(result.record.grantId, 'refresh_token_reuse');
      throw ctx.oauthError('invalid_grant', 'refresh token already used; the grant is revoked');
    }
  } else if (result.outcome !== 'ok')
    throw ctx.oauthError('invalid_grant', `refresh token is ${result.outcome}`);

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
