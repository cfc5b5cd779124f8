import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimulatedNetwork, LabNetworkError } from '../../src/token-server/network';

const ok = (text: string) => () => new Response(text, { status: 200 });

/** A form posted to the revocation endpoint as the stream `body`, as a client streaming its upload sends it. */
function postStream(
  network: ReturnType<typeof createSimulatedNetwork>,
  body: ReadableStream<Uint8Array>,
): Promise<Response> {
  return network.fetch('https://as.example.test/revoke', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    duplex: 'half',
  } as RequestInit);
}

describe('createSimulatedNetwork', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('routes a request to the handler of its origin', async () => {
    const network = createSimulatedNetwork();
    network.register('https://api.example.test', ok('api'));
    network.register('https://as.example.test/ignored/path', ok('as'));
    expect(await (await network.fetch('https://api.example.test/x')).text()).toBe('api');
    expect(await (await network.fetch('https://as.example.test/y')).text()).toBe('as');
    expect(network.origins()).toEqual(['https://api.example.test', 'https://as.example.test']);
  });

  it('rejects an unregistered origin with a TypeError coded ERR_LAB_NO_NETWORK', async () => {
    const network = createSimulatedNetwork();
    const error = await network.fetch('https://evil.example.com/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toBeInstanceOf(LabNetworkError);
    expect(error).toMatchObject({ code: 'ERR_LAB_NO_NETWORK' });
    expect(network.log.entries[0]).toMatchObject({ status: null, error: 'ERR_LAB_NO_NETWORK' });
  });

  it('refuses a second server on the same origin with ERR_LAB_ORIGIN_IN_USE', () => {
    const network = createSimulatedNetwork();
    network.register('https://as.example.test', ok('a'));
    expect(() => network.register('https://as.example.test', ok('b'))).toThrow(
      expect.objectContaining({ code: 'ERR_LAB_ORIGIN_IN_USE' }),
    );
  });

  it('stops routing after the unregister function runs', async () => {
    const network = createSimulatedNetwork();
    const unregister = network.register('https://as.example.test', ok('a'));
    unregister();
    await expect(network.fetch('https://as.example.test/')).rejects.toMatchObject({
      code: 'ERR_LAB_NO_NETWORK',
    });
  });

  it('logs method, URL, status, virtual time and the bearer token', async () => {
    const network = createSimulatedNetwork({ now: () => Date.parse('2026-01-01T00:00:00Z') });
    network.register('https://api.example.test', () => new Response(null, { status: 204 }));
    await network.fetch('https://api.example.test/orders', {
      method: 'DELETE',
      headers: { authorization: 'Bearer abc.def.ghi' },
    });
    expect(network.log.entries).toEqual([
      {
        id: 1,
        method: 'DELETE',
        url: 'https://api.example.test/orders',
        status: 204,
        time: '2026-01-01T00:00:00.000Z',
        token: 'abc.def.ghi',
      },
    ]);
  });

  it('logs the token of a form body without consuming it for the handler', async () => {
    const network = createSimulatedNetwork();
    network.register('https://as.example.test', async (request) => new Response(await request.text()));
    const response = await network.fetch('https://as.example.test/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=rt_123',
    });
    expect(await response.text()).toBe('token=rt_123');
    expect(network.log.entries[0]?.token).toBe('rt_123');
  });

  it('logs the token of a form body given as URLSearchParams, a Blob or a Request, and delivers each', async () => {
    const network = createSimulatedNetwork();
    network.register('https://as.example.test', async (request) => new Response(await request.text()));
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const url = 'https://as.example.test/revoke';
    const sent = [
      network.fetch(url, { method: 'POST', body: new URLSearchParams({ token: 'rt_params' }) }),
      network.fetch(url, { method: 'POST', headers: form, body: new Blob(['token=rt_blob']) }),
      network.fetch(new Request(url, { method: 'POST', headers: form, body: 'token=rt_request' })),
    ];
    const bodies = await Promise.all(sent.map(async (response) => (await response).text()));
    expect(bodies).toEqual(['token=rt_params', 'token=rt_blob', 'token=rt_request']);
    // Logged as each body is read: in any order.
    expect(network.log.entries.map((entry) => entry.token).sort()).toEqual([
      'rt_blob',
      'rt_params',
      'rt_request',
    ]);
  });

  it('reads a form body once and delivers those bytes, never a copy of the body', async () => {
    const clone = vi.spyOn(Request.prototype, 'clone');
    const network = createSimulatedNetwork();
    network.register('https://as.example.test', async (request) => new Response(await request.text()));
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const response = await network.fetch(
      new Request('https://as.example.test/revoke', { method: 'POST', headers: form, body: 'token=rt_once' }),
    );
    expect(await response.text()).toBe('token=rt_once');
    expect(network.log.entries[0]?.token).toBe('rt_once');
    expect(clone).not.toHaveBeenCalled();
  });

  it('delivers a streamed form body over 16 KiB whole, chunk by chunk, and logs no token', async () => {
    const network = createSimulatedNetwork();
    network.register('https://as.example.test', async (request) => new Response(await request.text()));
    const chunk = 'a'.repeat(4096);
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls === 1) controller.enqueue(new TextEncoder().encode('token='));
        else if (pulls <= 9) controller.enqueue(new TextEncoder().encode(chunk));
        else controller.close();
      },
    });
    const response = await postStream(network, body);
    expect(await response.text()).toBe(`token=${chunk.repeat(8)}`);
    expect(network.log.entries[0]).not.toHaveProperty('token');
  });

  it('delivers a form body over 16 KiB from a keepalive or no-cors Request whole, and logs no token', async () => {
    const network = createSimulatedNetwork();
    network.register('https://as.example.test', async (request) => new Response(await request.text()));
    const body = `token=${'a'.repeat(20_000)}`;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const url = 'https://as.example.test/revoke';
    for (const init of [{ keepalive: true }, { mode: 'no-cors' as const }]) {
      const response = await network.fetch(
        new Request(url, { method: 'POST', headers: form, body, ...init }),
      );
      expect(await response.text()).toBe(body);
    }
    expect(network.log.entries.map((entry) => entry.token)).toEqual([undefined, undefined]);
  });

  it('hands a form body that fails mid-stream to the handler, which meets the same failure', async () => {
    const network = createSimulatedNetwork();
    network.register('https://as.example.test', async (request) => {
      const read = await request.text().then(
        (text) => `read ${text}`,
        (error: unknown) => `failed: ${String((error as Error).message ?? error)}`,
      );
      return new Response(read);
    });
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls === 1) controller.enqueue(new TextEncoder().encode('token=rt_'));
        else controller.error(new Error('the sender hung up'));
      },
    });
    const response = await postStream(network, body);
    expect(await response.text()).toMatch(/^failed: /);
    expect(network.log.entries[0]).toMatchObject({ status: 200 });
    expect(network.log.entries[0]).not.toHaveProperty('token');
  });

  it("reads each member of the caller's init once, so the log sees the body the request carries", async () => {
    const network = createSimulatedNetwork();
    network.register('https://as.example.test', async (request) => new Response(await request.text()));
    let reads = 0;
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      get body() {
        reads += 1;
        return reads === 1 ? 'token=rt_sent' : 'token=rt_shown';
      },
    };
    const response = await network.fetch('https://as.example.test/revoke', init);
    expect(await response.text()).toBe('token=rt_sent');
    expect(network.log.entries[0]?.token).toBe('rt_sent');
    expect(reads).toBe(1);
  });

  it('logs no token for a form body over 16 KiB, and still delivers the body', async () => {
    const network = createSimulatedNetwork();
    network.register(
      'https://as.example.test',
      async (request) => new Response(String((await request.text()).length)),
    );
    const body = `token=${'a'.repeat(20_000)}`;
    const response = await network.fetch('https://as.example.test/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(await response.text()).toBe(String(body.length));
    expect(network.log.entries[0]).not.toHaveProperty('token');
  });

  it('answers 500 when a handler throws, and logs ERR_LAB_HANDLER_THREW', async () => {
    const network = createSimulatedNetwork();
    network.register('https://svc.example.test', () => {
      throw new Error('boom');
    });
    const response = await network.fetch('https://svc.example.test/');
    expect(response.status).toBe(500);
    expect(network.log.entries[0]).toMatchObject({ status: 500, error: 'ERR_LAB_HANDLER_THREW' });
  });

  it('follows redirects across simulated origins, and not when redirect is manual', async () => {
    const network = createSimulatedNetwork();
    network.register(
      'https://a.example.test',
      () => new Response(null, { status: 302, headers: { location: 'https://b.example.test/landing' } }),
    );
    network.register('https://b.example.test', (request) => new Response(new URL(request.url).pathname));
    expect(await (await network.fetch('https://a.example.test/')).text()).toBe('/landing');
    const manual = await network.fetch('https://a.example.test/', { redirect: 'manual' });
    expect(manual.status).toBe(302);
    await expect(network.fetch('https://a.example.test/', { redirect: 'error' })).rejects.toMatchObject({
      code: 'ERR_LAB_REDIRECT_REFUSED',
    });
  });

  it('gives up on a redirect loop with ERR_LAB_TOO_MANY_REDIRECTS', async () => {
    const network = createSimulatedNetwork();
    network.register(
      'https://loop.example.test',
      () => new Response(null, { status: 302, headers: { location: '/' } }),
    );
    await expect(network.fetch('https://loop.example.test/')).rejects.toMatchObject({
      code: 'ERR_LAB_TOO_MANY_REDIRECTS',
    });
  });

  it('rejects with the abort reason when the signal aborts', async () => {
    const network = createSimulatedNetwork();
    network.register('https://slow.example.test', () => new Promise<Response>(() => {}));
    const controller = new AbortController();
    const pending = network.fetch('https://slow.example.test/', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('keeps at most 1000 log entries', async () => {
    const network = createSimulatedNetwork();
    network.register('https://api.example.test', ok(''));
    for (let i = 0; i < 1005; i++) await network.fetch('https://api.example.test/');
    expect(network.log.entries).toHaveLength(1000);
    expect(network.log.entries[0]?.id).toBe(6);
  });
});
