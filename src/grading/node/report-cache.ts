import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RunReport } from '../core/runner-events';
import { RunSeedSchema } from '../../schemas/run-seed';
import { ensureGraderBundle } from './grader-bundle';
import { gradeInput, gradeSubmissions, type SubmissionJob } from './grade-submission';

const ROOT = resolve(import.meta.dirname, '../../..');
/** Scratch output, like the grader bundle itself (.gitignore'd). */
const REPORT_CACHE_FILE = join(ROOT, '.lab-runs', 'graded', 'reports.json');

/** Reports saved by one run, all of one seed, by job key. */
export interface SavedReports {
  seed: number;
  reports: Record<string, RunReport>;
}

/**
 * A job's key: the grader bundle's bytes (the whole engine with jose, ses and sucrase) and everything the grading
 * thread reads of the job (checks, file name, limit, code, mutant, seed). Equal keys mean the same grade, up to
 * durations; any change to the engine, the lab or the submission makes a new key.
 */
async function keysOf(jobs: SubmissionJob[]): Promise<string[]> {
  const bundle = await ensureGraderBundle();
  const engine = createHash('sha256');
  for (const file of readdirSync(bundle.dir).sort()) {
    engine
      .update(file)
      .update('\0')
      .update(readFileSync(join(bundle.dir, file)))
      .update('\0');
  }
  const engineHash = engine.digest('hex');
  return jobs.map((job) =>
    createHash('sha256')
      .update(engineHash)
      .update(JSON.stringify(gradeInput(job)))
      .digest('hex'),
  );
}

/**
 * The last saved grades (tens of megabytes: read them once), so a reader can ask for the same runs with their seed;
 * undefined when none were saved or the file cannot be read.
 */
export function readSavedReports(file = REPORT_CACHE_FILE): SavedReports | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<SavedReports>;
    const seed = RunSeedSchema.safeParse(parsed.seed);
    if (!seed.success || typeof parsed.reports !== 'object' || parsed.reports === null) return undefined;
    return { seed: seed.data, reports: parsed.reports };
  } catch {
    return undefined;
  }
}

/**
 * Keeps `npm run grade`'s reports for jobs of one seed (check:labs saves every variant it grades), replacing the
 * previous file: the browser parity suite then compares against them instead of grading every variant again.
 */
export async function saveReports(
  seed: number,
  jobs: SubmissionJob[],
  reports: RunReport[],
  file = REPORT_CACHE_FILE,
): Promise<void> {
  const keys = await keysOf(jobs);
  const saved: SavedReports = { seed, reports: {} };
  keys.forEach((key, i) => {
    const report = reports[i];
    // A crash says something about that process, not about the job: never replay it.
    if (report && report.status !== 'crashed') saved.reports[key] = report;
  });
  mkdirSync(dirname(file), { recursive: true });
  // Written whole, then renamed: a reader never sees half a file.
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, JSON.stringify(saved));
  renameSync(partial, file);
}

/**
 * `npm run grade`'s reports for these jobs: a saved one (from `readSavedReports`) where the engine, the lab, the
 * code and the seed are the same, otherwise graded now. `cached` counts the reports that were reused.
 */
export async function gradeSubmissionsCached(
  jobs: SubmissionJob[],
  savedReports: SavedReports | undefined,
): Promise<{ reports: RunReport[]; cached: number }> {
  const saved = savedReports?.reports ?? {};
  const keys = await keysOf(jobs);
  const missing = keys.flatMap((key, i) => (saved[key] ? [] : [i]));
  const graded = await gradeSubmissions(missing.map((i) => jobs[i] as SubmissionJob));
  const fresh = new Map(missing.map((jobIndex, i) => [jobIndex, graded[i] as RunReport]));
  return {
    reports: jobs.map((_, i) => fresh.get(i) ?? (saved[keys[i] as string] as RunReport)),
    cached: jobs.length - missing.length,
  };
}
