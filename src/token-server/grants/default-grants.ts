import { authorizationCodeGrant } from './authorization-code';
import { clientCredentialsGrant } from './client-credentials';
import type { GrantHandler } from './grant-handler';
import { refreshTokenGrant } from './refresh-token';

/** The built-in handlers; `createTokenServer({ grants })` overrides or extends them by `grant_type`. */
export const DEFAULT_GRANTS: Readonly<Record<string, GrantHandler>> = {
  authorization_code: authorizationCodeGrant,
  client_credentials: clientCredentialsGrant,
  refresh_token: refreshTokenGrant,
};
