import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABS_AWAITING_DESIGN } from '../../src/check-design/awaiting-design';
import { LABS_ROOT, listLabIds } from '../../src/lab-format/load-lab';

describe('labs awaiting their design.yaml', () => {
  it('names only course labs that still have no design.yaml, once each', () => {
    const labs = listLabIds();
    for (const id of LABS_AWAITING_DESIGN) {
      expect(labs).toContain(id);
      expect(existsSync(join(LABS_ROOT, id, 'design.yaml'))).toBe(false);
    }
    expect(new Set(LABS_AWAITING_DESIGN).size).toBe(LABS_AWAITING_DESIGN.length);
  });

  it('leaves every other course lab with a design.yaml', () => {
    const undesigned = listLabIds().filter((id) => !existsSync(join(LABS_ROOT, id, 'design.yaml')));
    expect(undesigned.filter((id) => !LABS_AWAITING_DESIGN.includes(id))).toEqual([]);
  });
});
