import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLab, type LoadedLab } from '../../src/lab-format/load-lab';
import { startRunnerHarness, type RunnerHarness } from '../grading/browser-harness';

const CHEATS = join(import.meta.dirname, '../fixtures/cheats');

/** Every cheating submission of tests/fixtures/cheats, with its lab (check:labs proves them in Node). */
const cheats = readdirSync(CHEATS)
  .sort()
  .flatMap((labId) => {
    const lab = loadLab(labId);
    return readdirSync(join(CHEATS, labId))
      .filter((file) => file.endsWith('.ts'))
      .sort()
      .map((file) => ({
        lab,
        name: `${labId}/${file}`,
        code: readFileSync(join(CHEATS, labId, file), 'utf8'),
      }));
  });
const labs: LoadedLab[] = [...new Map(cheats.map(({ lab }) => [lab.id, lab])).values()];

let harness: RunnerHarness;

beforeAll(async () => {
  harness = await startRunnerHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('the production grading worker in Chromium', () => {
  it.each(cheats.map((cheat, index) => [cheat.name, index] as const))(
    'fails the cheating submission %s',
    async (_, index) => {
      const { lab, code } = cheats[index]!;
      const report = await harness.grade(lab, code);
      expect(report.total).toBeGreaterThan(0);
      expect(report.passed).toBeLessThan(report.total);
    },
  );

  it.each(labs.map((lab) => [lab.id, lab] as const))(
    'still passes the reference solution of %s',
    async (_, lab) => {
      const report = await harness.grade(lab, lab.solution);
      expect(report.results.filter((result) => result.status !== 'passed')).toEqual([]);
      expect(report.status).toBe('completed');
    },
  );
});
