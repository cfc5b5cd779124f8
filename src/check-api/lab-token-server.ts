import {
  createTokenServer as createStandaloneTokenServer,
  type TokenServer,
  type TokenServerOptions,
} from '../token-server';
import { hasRunContext, labClock, labNetwork } from './run-context';

/**
 * `createTokenServer` as lab checks use it: inside a run it defaults to the run's clock (so `Date.now()`, jose
 * and the server agree) and registers its issuer origin on the run's network (so the global `fetch` reaches it).
 * Explicit `clock`/`network` options win; outside a run it is the plain token server.
 */
export function createTokenServer(options: TokenServerOptions = {}): Promise<TokenServer> {
  if (!hasRunContext()) return createStandaloneTokenServer(options);
  return createStandaloneTokenServer({ clock: labClock(), network: labNetwork(), ...options });
}
