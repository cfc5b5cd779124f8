import { resolve } from 'node:path';
import type { SpecReference } from '../../schemas/lab';
import { loadLab } from '../../lab-format/load-lab';
import type { LabHint } from './lab-island-props';

/** What `Lab.astro` needs from a lab folder, read at build time. */
export interface LabForPage {
  labId: string;
  title: string;
  summary: string;
  /** The task statement: lab.md's body before the first hint. */
  intro: string;
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

/** Reads `labs/<id>` through the lab engine's loader and adds the content hashes the island compares. */
export function readLabForPage(id: string): LabForPage {
  // Astro runs its build from the project root; the loader's default root is computed from its own file
  // location, which moves once Astro bundles it into dist/.prerender.
  const lab = loadLab(id, resolve(process.cwd(), 'labs'));
  return {
    labId: lab.id,
    title: lab.meta.title,
    summary: lab.meta.summary,
    intro: lab.statement,
    editableFile: lab.meta.editableFile,
    starter: lab.starter,
    checks: lab.checks,
    hints: lab.hints.map((hint) => ({ text: hint.markdown, forChecks: hint.for })),
    timeoutMs: lab.meta.timeoutMs,
    references: lab.meta.references,
    solution: lab.solution,
    starterHash: lab.starterHash,
    checksHash: lab.checksHash,
  };
}
