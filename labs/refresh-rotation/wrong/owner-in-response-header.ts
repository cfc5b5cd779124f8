/**
 * Written blind, from lab.md, the starter and the solution only.
 *
 * @fails refreshTokenGrant > binding > refuses another client without naming the token's client, user or grant
 */
// class: fail-closed
// mistake: Keeps the error_description neutral but names the token's client in a debug response header (X-Refresh-Token-Client), so the token endpoint still tells a thief whose token it holds.
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
  if (!known) throw ctx.oauthError('invalid_grant', 'unknown refresh token');
  if (known.clientId !== ctx.client.id)
    throw ctx.oauthError('invalid_grant', 'refresh token was not issued to this client', {
      headers: { 'x-refresh-token-client': known.clientId },
    });

  // One synchronous check-and-consume: of two concurrent refreshes only one can see `ok`.
  const result = ctx.refreshTokens.consume(presented);
  if (result.outcome === 'reused') {
    // A used token came back: the client or an attacker holds a stale copy. Revoke the whole family.
    ctx.grants.revoke(result.record.grantId, 'refresh_token_reuse');
    throw ctx.oauthError('invalid_grant', 'refresh token already used; the grant is revoked');
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
