import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SITES = resolve(import.meta.dirname, '../fixtures/sites');

/** A real `astro build` of a fixture site; returns its exit status and everything it printed. */
function build(site: string): { status: number | null; output: string } {
  const result = spawnSync('npx', ['astro', 'build', '--root', resolve(SITES, site)], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ASTRO_TELEMETRY_DISABLED: '1' },
    timeout: 90_000,
  });
  // Astro leaves caches behind even when it fails; they must not reach the type checker or lint.
  for (const leftover of ['.astro', 'node_modules', 'dist-fixture']) {
    rmSync(resolve(SITES, site, leftover), { recursive: true, force: true });
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

// Each case starts a real Astro build (a few seconds on a busy machine).
describe('astro build over bad content', { timeout: 90_000 }, () => {
  it('fails naming the lesson file and the <Lab id> that names no lab', () => {
    const { status, output } = build('unknown-lab');
    expect(status).not.toBe(0);
    expect(output).toContain('content/00-intro/01-first.mdx:11 › <Lab id>');
    expect(output).toContain('labs/no-such-lab/');
    expect(output).toContain('ERR_UNKNOWN_LAB');
  });

  it('fails naming the lesson file and the frontmatter field of the wrong type', () => {
    const { status, output } = build('bad-frontmatter');
    expect(status).not.toBe(0);
    expect(output).toContain('content/00-intro/01-first.mdx › minutes');
    expect(output).toContain('ERR_FRONTMATTER');
  });

  it('fails naming the component and the missing alt text of a figure', () => {
    const { status, output } = build('figure-without-alt');
    expect(status).not.toBe(0);
    expect(output).toContain('<Figure> in /');
    expect(output).toContain('"alt" is required');
  });
});
