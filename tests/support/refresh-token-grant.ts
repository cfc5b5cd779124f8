import type { GrantHandler } from '../../src/token-server/grants/grant-handler';

/**
 * A refresh grant for the token server's own test suites. The server has no built-in one: writing it is the
 * refresh-rotation lab, so it lives only here, under tests/, where nothing in src/ can import it.
 *
 * RFC 6749 §6 with rotation and reuse detection (RFC 9700 §4.14.2): every refresh consumes the presented token
 * and issues a new one for the same grant; presenting a consumed token again revokes the whole grant, so the
 * legitimate holder's newest token dies too (node-oidc-provider does the same).
 */
export const refreshTokenGrant: GrantHandler = async (ctx) => {
  const presented = ctx.params.get('refresh_token');
  if (!presented) throw ctx.oauthError('invalid_request', 'refresh_token is required');
  const found = ctx.refreshTokens.find(presented);
  // Another client's token: refuse without touching it, so nobody can burn someone else's token.
  if (found && found.clientId !== ctx.client.id)
    throw ctx.oauthError('invalid_grant', 'refresh token was issued to another client');
  const result = ctx.refreshTokens.consume(presented);
  if (result.outcome === 'reused') {
    ctx.grants.revoke(result.record.grantId, 'refresh_token_reuse');
    throw ctx.oauthError('invalid_grant', 'refresh token already used; the whole grant is revoked');
  }
  if (result.outcome !== 'ok') throw ctx.oauthError('invalid_grant', `refresh token is ${result.outcome}`);
  const grant = ctx.grants.get(result.record.grantId);
  if (!grant || !ctx.grants.isActive(grant)) throw ctx.oauthError('invalid_grant', 'the grant has ended');
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
};
