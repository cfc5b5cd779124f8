import { CODE_VERIFIER, s256 } from '../pkce';
import type { GrantHandler, TokenResponseBody } from './grant-handler';

/**
 * RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.6). Everything is checked before the code is redeemed, synchronously
 * after the only `await`, so a code is exchanged at most once and a failed attempt does not burn it. A replayed code revokes the grant
 * it produced (RFC 6749 §4.1.2).
 */
export const authorizationCodeGrant: GrantHandler = async (ctx) => {
  const code = ctx.params.get('code');
  const redirectUri = ctx.params.get('redirect_uri');
  const verifier = ctx.params.get('code_verifier');
  if (!code) throw ctx.oauthError('invalid_request', 'code is required');
  if (!redirectUri) throw ctx.oauthError('invalid_request', 'redirect_uri is required');
  if (!verifier) throw ctx.oauthError('invalid_request', 'code_verifier is required (PKCE, RFC 7636)');
  if (!CODE_VERIFIER.test(verifier)) {
    throw ctx.oauthError(
      'invalid_request',
      'code_verifier must be 43 to 128 unreserved characters (RFC 7636 section 4.1)',
    );
  }
  const challenge = await s256(verifier);

  // From here to redeem() nothing awaits, so two concurrent exchanges cannot both succeed.
  const record = ctx.codes.find(code);
  if (!record) throw ctx.oauthError('invalid_grant', 'unknown authorization code');
  if (record.clientId !== ctx.client.id)
    throw ctx.oauthError('invalid_grant', 'authorization code was issued to another client');
  if (record.redeemed) {
    if (record.redeemedGrantId) ctx.grants.revoke(record.redeemedGrantId, 'code_reuse');
    throw ctx.oauthError(
      'invalid_grant',
      'authorization code already used; tokens issued with it are revoked',
    );
  }
  if (ctx.codes.isExpired(record)) throw ctx.oauthError('invalid_grant', 'authorization code expired');
  if (record.redirectUri !== redirectUri)
    throw ctx.oauthError('invalid_grant', 'redirect_uri does not match the authorization request');
  if (record.codeChallenge !== challenge)
    throw ctx.oauthError('invalid_grant', 'code_verifier does not match the code_challenge');

  const grant = ctx.grants.create({
    clientId: ctx.client.id,
    sub: record.sub,
    scope: record.scope,
    resources: record.resources,
    lifetime: ctx.lifetimes.grant,
  });
  ctx.codes.redeem(record.code, grant.id);
  const access = await ctx.issueAccessToken(grant);
  const body: TokenResponseBody = {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresIn,
    scope: access.scope,
  };
  if (ctx.client.grantTypes.includes('refresh_token')) body.refresh_token = ctx.issueRefreshToken(grant);
  return body;
};
