import type { SimulationKeys } from '../../token-server/keys/key-material';
import type { SimulationKeysMessage } from './worker-protocol';

/**
 * Sends a grading worker its first message from the host (the lab page, the Node grader host): the simulation keys
 * the host made for every worker, or none when there are none or the structured clone refuses them (the worker
 * then generates its own).
 */
export function sendKeys(
  send: (message: SimulationKeysMessage) => void,
  keys: SimulationKeys | undefined,
): void {
  try {
    send({ type: 'keys', ...(keys ? { keys } : {}) });
  } catch {
    send({ type: 'keys' });
  }
}
