import { CheckEvidenceSchema, type CheckEvidence } from '../schemas/check-result';

/** What a check may record; `clauses` defaults to none. */
export type EvidenceInput = { token?: string; clauses?: string[]; note?: string };

export interface EvidenceList {
  record(input: EvidenceInput): CheckEvidence;
  take(): CheckEvidence[];
}

export function createEvidenceList(): EvidenceList {
  let items: CheckEvidence[] = [];
  return {
    record(input) {
      const item = CheckEvidenceSchema.parse(input);
      items.push(item);
      return item;
    },
    take() {
      const taken = items;
      items = [];
      return taken;
    },
  };
}
