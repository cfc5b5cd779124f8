import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDLE_MS, untilIdle } from '../../src/check-api/until-idle';
import { disposeRunContext, labNetwork, realTimers, resetRunContext } from '../../src/check-api/run-context';

const elapsedSince = (start: number) => realTimers.performanceNow() - start;

/** A body the platform delivers late, as a busy browser delivers a request body: 'late', 4 × IDLE_MS after the read. */
function lateBody(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      realTimers.setTimeout(() => {
        controller.enqueue(new TextEncoder().encode('late'));
        controller.close();
      }, 4 * IDLE_MS);
    },
  });
}

describe('untilIdle (a forced race gives up on the other party only when nothing is happening)', () => {
  beforeEach(() => resetRunContext());
  afterEach(() => disposeRunContext());

  it('resolves once nothing has happened for IDLE_MS of real time', async () => {
    const start = realTimers.performanceNow();
    await untilIdle();
    expect(elapsedSince(start)).toBeGreaterThanOrEqual(IDLE_MS - 1);
  });

  it('waits while a WebCrypto operation is in flight, however long it takes', async () => {
    const secret = await crypto.subtle.importKey('raw', new Uint8Array(16), 'PBKDF2', false, ['deriveBits']);
    let derived = false;
    const derive = crypto.subtle
      .deriveBits(
        { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(16), iterations: 1_000_000 },
        secret,
        256,
      )
      .then(() => (derived = true));
    await untilIdle();
    expect(derived).toBe(true);
    await derive;
  });

  it('waits while a body is being read, however long the platform takes to deliver it', async () => {
    const body = lateBody();
    let read = '';
    const reading = new Request('https://bff.example/', {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit)
      .text()
      .then((text) => (read = text));
    await untilIdle();
    expect(read).toBe('late');
    await reading;
  });

  it('ignores the body reads the check holds itself, and waits for any other', async () => {
    // The check holds one read (a stream it delivers only at the end); another read, delivered late, is real work.
    let deliver = (): void => undefined;
    const held = new Request('https://gateway.example/', {
      method: 'POST',
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          deliver = () => controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit).text();
    const late = lateBody();
    let read = '';
    const reading = new Response(late).text().then((text) => (read = text));
    await untilIdle({ holding: 1 });
    expect(read).toBe('late');
    await reading;
    // Only the held read is left in flight: idle, where `untilIdle()` would wait for it forever.
    await untilIdle({ holding: 1 });
    deliver();
    await held;
  });

  it('starts counting again after a simulated request', async () => {
    labNetwork().register('https://api.example', () => new Response('ok'));
    const start = realTimers.performanceNow();
    let requestedAt = 0;
    // A request while untilIdle already waits on its timer: the wait must start over from it.
    realTimers.setTimeout(() => {
      requestedAt = elapsedSince(start);
      void fetch('https://api.example/');
    }, IDLE_MS / 2);
    await untilIdle();
    expect(requestedAt).toBeGreaterThan(0);
    expect(elapsedSince(start)).toBeGreaterThanOrEqual(requestedAt + IDLE_MS - 1);
  });
});
