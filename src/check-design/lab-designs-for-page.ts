import { parse as parseYaml } from 'yaml';
import { CHECK_DESIGN_CLASSES, CheckDesignSchema, type CheckDesign } from '../schemas/check-design';
import { CHECK_DESIGN_CLASS_TITLES } from './class-titles';

/** One row of a lab's design table on /coverage/. */
export interface DesignRowView {
  title: string;
  applies: boolean;
  /** The checks that cover the class, or the one reason it does not apply. */
  entries: string[];
  note?: string | undefined;
}

export interface LabDesignView {
  lab: string;
  side?: CheckDesign['side'];
  mutated?: CheckDesign['mutated'];
  /** Empty when the lab has no design.yaml yet. */
  rows: DesignRowView[];
}

/**
 * Every lab's design.yaml as rows for /coverage/, from the raw files keyed by path
 * (`…/labs/<id>/design.yaml`) and the lab ids. A file that does not validate stops the build: check:labs
 * names the field.
 */
export function labDesignsForPage(
  rawByPath: Record<string, string>,
  labIds: readonly string[],
): LabDesignView[] {
  const byLab = new Map(
    Object.entries(rawByPath).map(([path, raw]) => [
      /labs\/([^/]+)\/design\.yaml$/.exec(path)?.[1] ?? path,
      raw,
    ]),
  );
  return [...labIds].sort().map((lab): LabDesignView => {
    const raw = byLab.get(lab);
    if (raw === undefined) return { lab, rows: [] };
    const design = CheckDesignSchema.parse(parseYaml(raw));
    return {
      lab,
      side: design.side,
      mutated: design.mutated,
      rows: CHECK_DESIGN_CLASSES.map((name): DesignRowView => {
        const row = design.classes[name];
        return {
          title: CHECK_DESIGN_CLASS_TITLES[name],
          applies: row?.applies !== undefined,
          entries: row?.applies ?? [row?.['does-not-apply'] ?? 'no row'],
          note: row?.note,
        };
      }),
    };
  });
}
