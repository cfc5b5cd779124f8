import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LAB_FILES } from '../lab-format/lab-layout';
import { CheckDesignSchema, type CheckDesign } from '../schemas/check-design';
import type { DesignProblem } from './design-problem';
import { formatSchemaIssues } from '../schemas/schema-issues';

/** The file in every lab folder that maps the check-design classes to the lab's checks. */
export const DESIGN_FILE = LAB_FILES.design;

export type DesignReading =
  { ok: true; file: string; design: CheckDesign } | { ok: false; problem: DesignProblem };

function display(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.startsWith('..') ? path : shown;
}

/** Reads and validates `<lab folder>/design.yaml`; a missing or invalid file is a problem naming the field. */
export function readCheckDesign(labDir: string): DesignReading {
  const lab = basename(labDir);
  const file = display(join(labDir, DESIGN_FILE));
  const fail = (code: DesignProblem['code'], message: string): DesignReading => ({
    ok: false,
    problem: { code, lab, file, message },
  });
  if (!existsSync(join(labDir, DESIGN_FILE)))
    return fail('ERR_DESIGN_MISSING', `lab ${lab} has no ${DESIGN_FILE} (one row per check-design class)`);
  let data: unknown;
  try {
    data = parseYaml(readFileSync(join(labDir, DESIGN_FILE), 'utf8'));
  } catch (error) {
    return fail('ERR_DESIGN_INVALID', `not valid YAML: ${(error as Error).message}`);
  }
  const parsed = CheckDesignSchema.safeParse(data ?? {});
  if (!parsed.success) {
    return fail('ERR_DESIGN_INVALID', formatSchemaIssues(parsed.error));
  }
  return { ok: true, file, design: parsed.data };
}
