/**
 * Written blind, from lab.md, the starter and the solution only.
 *
 * @fails refreshTokenGrant > concurrency > revokes the grant when a used refresh token arrives while the refresh that used it is in flight
 */
// class: state
// mistake: Treats a reuse that arrives while the same family's rotation is still in flight as a harmless double submit and refuses it without revoking the grant, so an attacker racing the user with a stolen token keeps a live family (RFC 9700 §4.14.2).
import type { GrantContext, TokenResponseBody } from '@lab/server';

/** Grants whose refresh is being answered right now. */
const rotating = new Set<string>();

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
  if (result.outcome === 'reused' && rotating.has(result.record.grantId)) {
    // The first request of this family is still being answered: a double-submit, not a replay.
    throw ctx.oauthError('invalid_grant', 'refresh token already used');
  }
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
  rotating.add(grant.id);
  let access: Awaited<ReturnType<typeof ctx.issueAccessToken>>;
  try {
    access = await ctx.issueAccessToken(grant, { scope, audience });
  } finally {
    rotating.delete(grant.id);
  }
  return {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresIn,
    refresh_token: ctx.issueRefreshToken(grant),
    scope: access.scope,
  };
}
