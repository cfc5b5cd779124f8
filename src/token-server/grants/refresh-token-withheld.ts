import type { GrantHandler } from './grant-handler';

/**
 * The browser build's `refresh_token` handler. The real one (`refresh-token.ts`) is exactly what the
 * refresh-rotation lab asks the learner to write, so lab pages never ship it: with `solutions: never` no
 * reference solution may be anywhere in `dist/`. A lab that refreshes plugs its own handler in through
 * `createTokenServer({ grants: { refresh_token } })`; Node (`npm run grade`, the test suites) keeps the real
 * one. The swap is `withholdReferenceGrants()` in `src/integrations/`.
 */
export const refreshTokenGrant: GrantHandler = (ctx) => {
  throw ctx.oauthError(
    'unsupported_grant_type',
    'in the browser this simulated server has no built-in refresh_token grant: the lab plugs its own in',
  );
};
