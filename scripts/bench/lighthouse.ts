import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Known to install with this npm and run on Node 20+; fetched on demand so it can never break `npm ci`. */
const LIGHTHOUSE = 'lighthouse@12.2.3';

export interface LighthouseScores {
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
}

/** Runs Lighthouse (mobile or desktop preset, headless system Chromium) on `url`; scores are 0–100. */
export async function runLighthouse(
  url: string,
  chromiumPath: string,
  preset: 'mobile' | 'desktop',
): Promise<LighthouseScores> {
  const out = join(mkdtempSync(join(tmpdir(), 'lighthouse-')), 'report.json');
  const args = [
    'exec',
    '--yes',
    `--package=${LIGHTHOUSE}`,
    '--',
    'lighthouse',
    url,
    '--output=json',
    `--output-path=${out}`,
    '--quiet',
    // Lighthouse's default is a throttled mid-range phone; `desktop` is its desktop preset.
    ...(preset === 'desktop' ? ['--preset=desktop'] : []),
    '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run',
  ];
  const log: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn('npm', args, {
      env: { ...process.env, CHROME_PATH: chromiumPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (c: Buffer) => log.push(c.toString()));
    child.stderr.on('data', (c: Buffer) => log.push(c.toString()));
    child.on('error', fail);
    child.on('close', done);
  });
  if (code !== 0)
    throw new Error(`lighthouse failed on ${url} (exit ${code}):\n${log.join('').slice(-2000)}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    categories: Record<string, { score: number | null }>;
  };
  const score = (id: string) => Math.round((report.categories[id]?.score ?? 0) * 100);
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
  };
}
