import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../scripts/ensure-chromium.mjs';

const dir = mkdtempSync(join(tmpdir(), 'chromium-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findChromium', () => {
  it('uses CHROMIUM_PATH when it names an executable', () => {
    const fake = join(dir, 'my-chrome');
    writeFileSync(fake, '#!/bin/sh\n');
    chmodSync(fake, 0o755);
    expect(findChromium({ CHROMIUM_PATH: fake, PATH: '' })).toBe(fake);
  });

  it('refuses a CHROMIUM_PATH that is not an executable instead of silently using another browser', () => {
    const notExecutable = join(dir, 'readme.txt');
    writeFileSync(notExecutable, 'not a browser');
    expect(() => findChromium({ CHROMIUM_PATH: notExecutable, PATH: '' })).toThrow(/CHROMIUM_PATH/);
    expect(() => findChromium({ CHROMIUM_PATH: join(dir, 'missing'), PATH: '' })).toThrow(/CHROMIUM_PATH/);
  });

  it('finds a browser on PATH by its usual names', () => {
    const bin = mkdtempSync(join(dir, 'bin-'));
    writeFileSync(join(bin, 'chromium-browser'), '#!/bin/sh\n');
    chmodSync(join(bin, 'chromium-browser'), 0o755);
    expect(findChromium({ PATH: `/nonexistent:${bin}` }, [])).toBe(join(bin, 'chromium-browser'));
  });

  it('prefers the usual install locations to PATH, and reports none when there is none', () => {
    const bin = mkdtempSync(join(dir, 'bin-'));
    writeFileSync(join(bin, 'chromium'), '#!/bin/sh\n');
    chmodSync(join(bin, 'chromium'), 0o755);
    const usual = join(dir, 'usual-chromium');
    writeFileSync(usual, '#!/bin/sh\n');
    chmodSync(usual, 0o755);
    expect(findChromium({ PATH: bin }, [join(dir, 'absent'), usual])).toBe(usual);
    expect(findChromium({ PATH: '' }, [join(dir, 'absent')])).toBeNull();
  });
});
