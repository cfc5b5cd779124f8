import { authorizationCodeGrant } from './authorization-code';
import { clientCredentialsGrant } from './client-credentials';
import type { GrantHandler } from './grant-handler';

/**
 * The built-in handlers; `createTokenServer({ grants })` overrides or extends them by `grant_type`. There is no
 * built-in `refresh_token` handler: writing one is the refresh-rotation lab, so a lab or test that refreshes
 * passes its own in.
 */
export const DEFAULT_GRANTS: Readonly<Record<string, GrantHandler>> = {
  authorization_code: authorizationCodeGrant,
  client_credentials: clientCredentialsGrant,
};
