import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
/** What the course bundle and the graders are built from (a lab's wrong answers are test fixtures). */
const SHIPPED = ['src', 'labs'];
const NOT_SHIPPED = /\/labs\/[^/]+\/wrong\//;
/** A private JWK member with key material: `d` (EC, OKP, RSA) or `k` (oct), as a long base64url string. */
const PRIVATE_MEMBER = /["']?\b[dk]["']?\s*:\s*["'][\w-]{40,}["']/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs|json|astro)$/.test(entry.name) && !NOT_SHIPPED.test(path) ? [path] : [];
  });
}

async function freshLoad() {
  vi.resetModules();
  const { loadSimulationKey } = await import('../../src/token-server/keys/signing-key');
  return loadSimulationKey;
}

describe('simulation keys are born with the process, never shipped', () => {
  it('gives every load of the module new keys for every role and algorithm', async () => {
    const first = await freshLoad();
    const second = await freshLoad();
    for (const role of ['issuer', 'attacker'] as const) {
      for (const alg of ['ES256', 'Ed25519', 'HS256'] as const) {
        const [a, b] = await Promise.all([first(alg, 0, role), second(alg, 0, role)]);
        expect(a.kid, `${role} ${alg}`).not.toBe(b.kid);
        // The public half for a key pair, the secret itself for HS256.
        const material = (key: typeof a) =>
          key.publicJwk?.x ?? Buffer.from(key.publicKey as Uint8Array).toString('hex');
        expect(material(a), `${role} ${alg}`).not.toBe(material(b));
      }
    }
  });

  it('ships no pre-generated key file and no private JWK in any source the bundle is built from', () => {
    expect(existsSync(join(ROOT, 'src/token-server/keys/simulation-keys.ts'))).toBe(false);
    const leaking = SHIPPED.flatMap((dir) => sourceFiles(join(ROOT, dir)))
      .filter((file) => PRIVATE_MEMBER.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(leaking).toEqual([]);
  });
});
