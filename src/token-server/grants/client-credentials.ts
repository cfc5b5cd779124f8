import type { GrantHandler } from './grant-handler';

/** RFC 6749 §4.4: the client acts for itself, so `sub` is its id (RFC 9068 §2.2) and no refresh token is issued (§4.4.3). */
export const clientCredentialsGrant: GrantHandler = async (ctx) => {
  if (ctx.client.secret === undefined) {
    throw ctx.oauthError(
      'unauthorized_client',
      'public clients cannot use client_credentials (RFC 6749 section 4.4)',
    );
  }
  const scope = ctx.resolveScope(ctx.client.scopes);
  const resources = ctx.resolveResources(ctx.client.resources ?? []);
  const grant = ctx.grants.create({
    clientId: ctx.client.id,
    sub: ctx.client.id,
    scope,
    resources,
    lifetime: ctx.lifetimes.accessToken,
  });
  const access = await ctx.issueAccessToken(grant);
  return {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresIn,
    scope: access.scope,
  };
};
