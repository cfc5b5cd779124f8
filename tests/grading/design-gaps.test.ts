import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { designGaps, type DesignContext } from '../../src/check-design/design-gaps';
import { readCheckDesign } from '../../src/check-design/read-check-design';
import { CHECK_DESIGN_CLASSES, type CheckDesign } from '../../src/schemas/check-design';

const AUDIENCE = 'verifyToken > rejects a token minted for another API';
const EXPIRY = 'verifyToken > rejects a token once the clock passes its exp';
const REASON = 'verifyToken keeps nothing between calls, so there is nothing to race.';

const context: DesignContext = {
  lab: 'verify-token',
  file: 'labs/verify-token/design.yaml',
  checks: [AUDIENCE, EXPIRY],
  wrong: [{ file: 'wrong/forgot-audience.ts', fails: [AUDIENCE] }],
};

/** Every class does not apply, except those given. */
function design(rows: Partial<CheckDesign['classes']> = {}): CheckDesign {
  const classes = Object.fromEntries(
    CHECK_DESIGN_CLASSES.map((name) => [name, { 'does-not-apply': REASON }]),
  );
  return { side: 'defender', classes: { ...classes, ...rows } };
}

const codes = (d: CheckDesign) => designGaps(d, context).map((p) => p.code);

describe('designGaps', () => {
  it('accepts a complete design whose applies rows a wrong answer fails', () => {
    expect(designGaps(design({ binding: { applies: [AUDIENCE] } }), context)).toEqual([]);
  });

  it('names a class without a row, with the lab and the file', () => {
    const missing = design();
    delete missing.classes.time;
    expect(designGaps(missing, context)).toEqual([
      expect.objectContaining({ code: 'ERR_DESIGN_CLASS_MISSING', lab: 'verify-token', file: context.file }),
    ]);
    expect(designGaps(missing, context)[0]?.message).toContain('"time"');
  });

  it('refuses a row that names a check the lab does not have', () => {
    expect(codes(design({ time: { applies: ['verifyToken > no such check'] } }))).toEqual([
      'ERR_DESIGN_UNKNOWN_CHECK',
    ]);
    expect(codes(design({ time: { applies: [] } }))).toEqual(['ERR_DESIGN_UNKNOWN_CHECK']);
  });

  it('refuses an applies row that no wrong answer fails', () => {
    expect(codes(design({ time: { applies: [EXPIRY] } }))).toEqual(['ERR_DESIGN_NO_WRONG_ANSWER']);
  });

  it('refuses a does-not-apply row without a reason', () => {
    expect(codes(design({ state: { 'does-not-apply': 'n/a' } }))).toEqual(['ERR_DESIGN_REASON_MISSING']);
  });

  it('refuses a row that both applies and does not, or neither', () => {
    expect(codes(design({ state: { applies: [AUDIENCE], 'does-not-apply': REASON } }))).toEqual([
      'ERR_DESIGN_ROW_AMBIGUOUS',
    ]);
    expect(codes(design({ state: { note: 'undecided' } }))).toEqual(['ERR_DESIGN_ROW_AMBIGUOUS']);
  });
});

describe('readCheckDesign', () => {
  it('reports a lab without design.yaml as ERR_DESIGN_MISSING', () => {
    const dir = mkdtempSync(join(tmpdir(), 'design-'));
    const reading = readCheckDesign(dir);
    expect(reading).toMatchObject({ ok: false, problem: { code: 'ERR_DESIGN_MISSING' } });
  });

  it('names the field of a schema error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'design-'));
    writeFileSync(join(dir, 'design.yaml'), 'side: attacker\nclasses: {}\n');
    const reading = readCheckDesign(dir);
    expect(reading).toMatchObject({ ok: false, problem: { code: 'ERR_DESIGN_INVALID' } });
    expect(reading.ok ? '' : reading.problem.message).toContain('mutated: ');
  });

  it('refuses a class the standard does not have', () => {
    const dir = mkdtempSync(join(tmpdir(), 'design-'));
    writeFileSync(
      join(dir, 'design.yaml'),
      `side: defender\nclasses:\n  vibes:\n    does-not-apply: ${REASON}\n`,
    );
    expect(readCheckDesign(dir)).toMatchObject({ ok: false, problem: { code: 'ERR_DESIGN_INVALID' } });
  });
});
