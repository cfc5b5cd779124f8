import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDLE_TURNS, untilIdle } from '../../src/check-api/until-idle';
import { disposeRunContext, labNetwork, resetRunContext } from '../../src/check-api/run-context';
import { createTaskYield } from '../../src/check-api/task-yield';

/** Counts the macrotasks until `untilIdle()` resolves, while `during(turn)` acts on each turn. */
async function turnsUntilIdle(during: (turn: number) => void = () => {}): Promise<number> {
  let idle = false;
  void untilIdle().then(() => (idle = true));
  const turns = createTaskYield();
  let turn = 0;
  while (!idle) {
    during(turn);
    await turns.next();
    turn += 1;
  }
  turns.close();
  return turn;
}

describe('untilIdle (a forced race gives up on the other party only when nothing is happening)', () => {
  beforeEach(() => resetRunContext());
  afterEach(() => disposeRunContext());

  it('resolves after IDLE_TURNS quiet macrotasks', async () => {
    const turns = await turnsUntilIdle();
    expect(turns).toBeGreaterThanOrEqual(IDLE_TURNS);
    expect(turns).toBeLessThanOrEqual(IDLE_TURNS + 2);
  });

  it('waits while a WebCrypto operation is in flight, however long it takes', async () => {
    const secret = await crypto.subtle.importKey('raw', new Uint8Array(16), 'PBKDF2', false, ['deriveBits']);
    let derived = false;
    const derive = crypto.subtle
      .deriveBits(
        { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(16), iterations: 300_000 },
        secret,
        256,
      )
      .then(() => (derived = true));
    await untilIdle();
    expect(derived).toBe(true);
    await derive;
  });

  it('starts counting again after every simulated request', async () => {
    labNetwork().register('https://api.example', () => new Response('ok'));
    const requests = 3 * IDLE_TURNS;
    const turns = await turnsUntilIdle((turn) => {
      if (turn % (IDLE_TURNS - 2) === 0 && turn < requests) void fetch('https://api.example/');
    });
    expect(turns).toBeGreaterThan(requests);
  });
});
