import { CheckEvidenceSchema, type CheckEvidence } from '../schemas/check-result';

/** What a check may record; `clauses` defaults to none. Members set to `undefined` count as absent. */
export type EvidenceInput = {
  token?: string | undefined;
  clauses?: string[] | undefined;
  note?: string | undefined;
};

export interface EvidenceList {
  record(input: EvidenceInput): CheckEvidence;
  take(): CheckEvidence[];
}

export function createEvidenceList(): EvidenceList {
  let items: CheckEvidence[] = [];
  return {
    record(input) {
      const present = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
      const item = CheckEvidenceSchema.parse(present);
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
