import { createLocalJWKSet, decodeProtectedHeader, importX509, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAttacker } from '../../src/token-server/attacker/attacker';
import { createAttackerHost } from '../../src/token-server/attacker/attacker-host';
import { createAttackToolkit } from '../../src/token-server/attacker/attack-toolkit';
import { FROZEN_NOW, testTarget } from './targets';

async function setup() {
  const attacker = createAttacker();
  const host = createAttackerHost({ attacker, now: () => FROZEN_NOW });
  const kit = createAttackToolkit({ target: await testTarget('ES256'), attacker });
  return { attacker, host, kit };
}

describe('createAttackerHost', () => {
  it('counts no hits until something fetches from it', async () => {
    const { host, kit } = await setup();
    await kit.mint('A8');
    expect(host.hits()).toBe(0);
    expect(host.requests()).toEqual([]);
  });

  it("serves the JWKS that verifies the attacker's jku token, and counts the hit", async () => {
    const { attacker, host, kit } = await setup();
    const { token } = await kit.mintVariant('A8', 'jku');
    const response = await host.fetch(new Request(attacker.jwksUrl));
    expect(response.status).toBe(200);
    const jwks = await response.json();
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { currentDate: FROZEN_NOW });
    expect(payload.sub).toBe('admin');
    expect(host.hits()).toBe(1);
    expect(host.requests()).toEqual([
      { method: 'GET', url: attacker.jwksUrl, served: 'jwks', time: FROZEN_NOW.toISOString() },
    ]);
  });

  it("serves an X.509 certificate for the x5u token's key", async () => {
    const { attacker, host, kit } = await setup();
    const { token } = await kit.mintVariant('A8', 'x5u');
    const { x5u } = decodeProtectedHeader(token);
    const pem = await (await host.fetch(new Request(String(x5u)))).text();
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    const { payload } = await jwtVerify(token, await importX509(pem, 'ES256'), { currentDate: FROZEN_NOW });
    expect(payload.sub).toBe('admin');
    expect(host.requests().map((r) => r.served)).toEqual(['certificate']);
    expect(attacker.certificateUrl((await attacker.key('ES256')).kid)).toBe(x5u);
  });

  it('answers 404 for other paths and still counts them', async () => {
    const { attacker, host } = await setup();
    const response = await host.fetch(new Request(`${attacker.origin}/admin`, { method: 'POST' }));
    expect(response.status).toBe(404);
    expect(host.hits()).toBe(1);
    expect(host.requests()[0]?.served).toBe('not-found');
  });

  it('registers its origin on a network', async () => {
    const { attacker, host } = await setup();
    const registered: string[] = [];
    const unregister = host.register({
      register(origin) {
        registered.push(origin);
        return () => registered.splice(registered.indexOf(origin), 1);
      },
    });
    expect(registered).toEqual(['https://attacker.example.test']);
    unregister();
    expect(registered).toEqual([]);
    expect(attacker.origin).toBe('https://attacker.example.test');
  });
});
