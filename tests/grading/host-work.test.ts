import { describe, expect, it } from 'vitest';
import { hostWork, watchHostWork } from '../../src/grading/core/host-work';

describe('hostWork (the WebCrypto operations and body reads the check deadline does not count)', () => {
  it('counts an operation in flight until it settles, and then as settled', async () => {
    watchHostWork();
    const before = hostWork();
    const digest = crypto.subtle.digest('SHA-256', new TextEncoder().encode('a'));
    expect(hostWork().inFlight).toBe(before.inFlight + 1);
    expect(new Uint8Array(await digest)).toHaveLength(32);
    await Promise.resolve();
    expect(hostWork()).toEqual({ inFlight: before.inFlight, settled: before.settled + 1 });
  });

  it('counts a rejected operation as settled and still rejects it with the platform error', async () => {
    watchHostWork();
    const before = hostWork();
    await expect(crypto.subtle.digest('SHA-0', new Uint8Array(1))).rejects.toThrow();
    await Promise.resolve();
    expect(hostWork()).toEqual({ inFlight: before.inFlight, settled: before.settled + 1 });
  });

  it('keeps the methods working on the real SubtleCrypto, with their names, and wraps them once', async () => {
    watchHostWork();
    watchHostWork();
    expect(crypto.subtle.sign.name).toBe('sign');
    const key = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    const data = new Uint8Array([1, 2, 3]);
    const signature = await crypto.subtle.sign('HMAC', key, data);
    expect(await crypto.subtle.verify('HMAC', key, signature, data)).toBe(true);
    const before = hostWork();
    await crypto.subtle.digest('SHA-256', data);
    await Promise.resolve();
    expect(hostWork().settled).toBe(before.settled + 1);
  });

  it('counts every body read of Request, Response and Blob until it settles', async () => {
    watchHostWork();
    const reads: [string, () => Promise<unknown>][] = [
      ['Request.text', () => new Request('https://a.example/', { method: 'POST', body: 'x' }).text()],
      [
        'Request.formData',
        () =>
          new Request('https://a.example/', { method: 'POST', body: new URLSearchParams('a=1') }).formData(),
      ],
      ['Response.json', () => new Response('{"a":1}').json()],
      ['Response.arrayBuffer', () => new Response('x').arrayBuffer()],
      ['Response.bytes', () => new Response('x').bytes()],
      ['Response.blob', () => new Response('x').blob()],
      ['Blob.text', () => new Blob(['x']).text()],
      ['Blob.arrayBuffer', () => new Blob(['x']).arrayBuffer()],
    ];
    for (const [label, read] of reads) {
      const before = hostWork();
      const pending = read();
      expect(hostWork().inFlight, label).toBe(before.inFlight + 1);
      await pending;
      await Promise.resolve();
      expect(hostWork().settled, label).toBeGreaterThan(before.settled);
      expect(hostWork().inFlight, label).toBe(before.inFlight);
    }
  });

  it('does not count a read through a stream reader: a stream the code made itself may never end', async () => {
    watchHostWork();
    const before = hostWork();
    const never = new ReadableStream().getReader().read();
    expect(hostWork()).toEqual(before);
    void never;
  });
});
