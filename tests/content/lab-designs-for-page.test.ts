import { describe, expect, it } from 'vitest';
import { labDesignsForPage } from '../../src/check-design/lab-designs-for-page';
import { CHECK_DESIGN_CLASSES } from '../../src/schemas/check-design';

const REASON = 'The function keeps nothing between calls, so there is nothing to race.';
const rows = CHECK_DESIGN_CLASSES.map((name) =>
  name === 'time'
    ? `  time:\n    applies:\n      - verifyToken > rejects an expired token\n    note: only exp is tried\n`
    : `  ${name}:\n    does-not-apply: ${REASON}\n`,
).join('');

describe('labDesignsForPage', () => {
  it('renders every class of a lab in the standard order, with its checks or its reason', () => {
    const [view] = labDesignsForPage(
      { '/repo/labs/verify/design.yaml': `side: defender\nclasses:\n${rows}` },
      ['verify'],
    );
    expect(view?.side).toBe('defender');
    expect(view?.rows).toHaveLength(CHECK_DESIGN_CLASSES.length);
    expect(view?.rows.find((row) => row.title === 'Time')).toEqual({
      title: 'Time',
      applies: true,
      entries: ['verifyToken > rejects an expired token'],
      note: 'only exp is tried',
    });
    expect(view?.rows[0]).toMatchObject({ title: 'Exact comparisons', applies: false, entries: [REASON] });
  });

  it('lists a lab without design.yaml with no rows, so the page says it is not written yet', () => {
    expect(labDesignsForPage({}, ['b-lab', 'a-lab'])).toEqual([
      { lab: 'a-lab', rows: [] },
      { lab: 'b-lab', rows: [] },
    ]);
  });

  it('stops on a design.yaml that breaks the schema', () => {
    expect(() => labDesignsForPage({ 'labs/x/design.yaml': 'side: nobody\n' }, ['x'])).toThrow();
  });
});
