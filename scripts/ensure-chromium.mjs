#!/usr/bin/env node
// Finds a Chromium for the browser tests and, on a Debian machine where we are root, installs Debian's
// own `chromium` package when none is there. It never downloads a browser build. Idempotent: a second
// run finds the browser and does nothing. Plain .mjs without dependencies, so it runs on system Node 20.
//
//   node scripts/ensure-chromium.mjs          prints the path; writes it to CHROMIUM_PATH_FILE
//   CHROMIUM_PATH=/path/to/chrome npm test    uses that browser (checked, never replaced)
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where the found path is written for tests/e2e/support (and anyone else who asks). */
export const CHROMIUM_PATH_FILE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../node_modules/.cache/jwt-deep-dive/chromium-path',
);

const KNOWN_LOCATIONS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];
const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first usable browser: `CHROMIUM_PATH`, then the usual install locations, then `PATH`. */
export function findChromium(env = process.env, locations = KNOWN_LOCATIONS) {
  const override = env.CHROMIUM_PATH;
  if (override) {
    if (!isExecutable(override)) throw new Error(`CHROMIUM_PATH=${override} is not an executable file.`);
    return override;
  }
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .flatMap((dir) => PATH_NAMES.map((name) => join(dir, name)));
  return [...locations, ...onPath].find((file) => existsSync(file) && isExecutable(file)) ?? null;
}

const isDebian = () => existsSync('/etc/debian_version');
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The command a person should run to get a browser on this machine. */
export function installHint() {
  if (process.platform === 'darwin') return 'brew install --cask chromium   (or set CHROMIUM_PATH)';
  if (isDebian()) return 'sudo apt-get update && sudo apt-get install -y chromium   (or set CHROMIUM_PATH)';
  return 'install Chromium with your system package manager, or set CHROMIUM_PATH to a Chromium/Chrome binary';
}

function aptInstallChromium() {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    console.log(`ensure-chromium: apt-get ${args.join(' ')}`);
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status}).`);
  }
}

/** Finds, or on Debian as root installs, a Chromium; returns its path. */
export function ensureChromium() {
  let found = findChromium();
  if (!found && process.platform === 'linux' && isDebian() && isRoot()) {
    aptInstallChromium();
    found = findChromium();
  }
  if (!found) throw new Error(`No Chromium found for the browser tests. Run:\n  ${installHint()}`);
  mkdirSync(dirname(CHROMIUM_PATH_FILE), { recursive: true });
  writeFileSync(CHROMIUM_PATH_FILE, `${found}\n`);
  return found;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(`ensure-chromium: using ${ensureChromium()}`);
  } catch (error) {
    console.error(`ensure-chromium: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
