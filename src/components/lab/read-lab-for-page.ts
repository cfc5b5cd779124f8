import type { SpecReference } from '../../schemas/lab';
import type { LabHint } from './lab-island-props';
import { contentHash } from './content-hash';

/** What `Lab.astro` needs from a lab folder, read at build time. */
export interface LabForPage {
  labId: string;
  title: string;
  summary: string;
  editableFile: string;
  starter: string;
  checks: string;
  hints: LabHint[];
  timeoutMs: number;
  references: SpecReference[];
  solution: string;
  starterHash: string;
  checksHash: string;
}

// The lab engine's loader (src/labs/load-lab.ts) may land after this component; the glob keeps the site
// building meanwhile and fails only when a lesson actually embeds a lab.
const loaders = import.meta.glob<{
  loadLab: (id: string) => Promise<unknown> | unknown;
}>('../../labs/load-lab.ts');

interface LoadedLab {
  meta: {
    title: string;
    summary: string;
    editableFile: string;
    timeoutMs: number;
    references: SpecReference[];
  };
  hints: {
    text?: string;
    body?: string;
    forChecks?: string[];
    for?: string[];
  }[];
  starter: string;
  solution: string;
  checks: string;
}

/** Reads lab `id` through the lab engine's `loadLab` and adds the content hashes the island compares. */
export async function readLabForPage(id: string): Promise<LabForPage> {
  const load = loaders['../../labs/load-lab.ts'];
  if (!load)
    throw new Error(`<Lab id="${id}">: src/labs/load-lab.ts (loadLab) is missing, so no lab can be read`);
  const { loadLab } = await load();
  const lab = (await loadLab(id)) as LoadedLab;
  return {
    labId: id,
    title: lab.meta.title,
    summary: lab.meta.summary,
    editableFile: lab.meta.editableFile,
    starter: lab.starter,
    checks: lab.checks,
    hints: lab.hints.map((h) => ({
      text: h.text ?? h.body ?? '',
      forChecks: h.forChecks ?? h.for ?? [],
    })),
    timeoutMs: lab.meta.timeoutMs,
    references: lab.meta.references,
    solution: lab.solution,
    starterHash: contentHash(lab.starter),
    checksHash: contentHash(lab.checks),
  };
}
