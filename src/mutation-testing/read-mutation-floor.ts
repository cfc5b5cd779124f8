import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LAB_FILES } from '../lab-format/lab-layout';
import { MutationFloorSchema } from '../schemas/mutation-floor';
import type { MutationProblem } from './mutation-problem';
import { formatSchemaIssues } from '../schemas/schema-issues';

/** The file in every lab folder that holds its mutation floor. */
export const MUTATION_FLOOR_FILE = LAB_FILES.mutation;

export type FloorReading =
  { ok: true; file: string; floor: number } | { ok: false; problem: MutationProblem };

/** Parses the text of a mutation.yaml (from disk or from git history). */
export function parseMutationFloor(text: string): number | string {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    return `not valid YAML: ${(error as Error).message}`;
  }
  const parsed = MutationFloorSchema.safeParse(data ?? {});
  if (!parsed.success) {
    return formatSchemaIssues(parsed.error);
  }
  return parsed.data.floor;
}

export function readMutationFloor(labDir: string): FloorReading {
  const lab = basename(labDir);
  const path = join(labDir, MUTATION_FLOOR_FILE);
  const file = relative(process.cwd(), path);
  if (!existsSync(path))
    return {
      ok: false,
      problem: {
        code: 'ERR_MUTATION_FLOOR_MISSING',
        lab,
        file,
        message: 'no mutation floor ("floor: <score in %>"); run npm run mutate:labs -- --raise-floors',
      },
    };
  const floor = parseMutationFloor(readFileSync(path, 'utf8'));
  if (typeof floor === 'string')
    return { ok: false, problem: { code: 'ERR_MUTATION_FLOOR_INVALID', lab, file, message: floor } };
  return { ok: true, file, floor };
}
