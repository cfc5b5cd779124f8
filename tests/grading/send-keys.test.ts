import { describe, expect, it } from 'vitest';
import { sendKeys } from '../../src/grading/core/send-keys';
import type { SimulationKeysMessage } from '../../src/grading/core/worker-protocol';
import { generateSimulationKeys } from '../../src/token-server/keys/key-material';

describe('sendKeys', () => {
  it('sends the host keys, or a keys message without them when the clone is refused or there are none', async () => {
    const keys = await generateSimulationKeys();
    const sent: SimulationKeysMessage[] = [];
    sendKeys((message) => sent.push(structuredClone(message)), keys);
    expect(Object.keys(sent[0]?.keys ?? {})).toEqual(Object.keys(keys));
    let first = true;
    sendKeys((message) => {
      if (first) {
        first = false;
        throw new DOMException('could not be cloned', 'DataCloneError');
      }
      sent.push(message);
    }, keys);
    sendKeys((message) => sent.push(message), undefined);
    expect(sent.slice(1)).toEqual([{ type: 'keys' }, { type: 'keys' }]);
  });
});
