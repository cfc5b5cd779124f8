import { describe, expect, it } from 'vitest';
import type { LabEntry } from '../../../src/schemas/lab-entry';
import { islandPropsFor } from '../../../src/components/lab-page/island-props-for';

const lab: LabEntry = {
  title: 'Verify an access token',
  summary: 'Accept only tokens minted for this API.',
  editableFile: 'verify-access-token.ts',
  starter: 'export const starter = 1;',
  checks: "describe('x', () => {});",
  hints: [
    { id: 'check-the-audience', for: ['verifyToken > rejects another API'], html: '<p>HINT_TEXT_MARKER</p>' },
  ],
  timeoutMs: 1500,
  references: [{ spec: 'RFC 8725', section: '3.9' }],
  solution: 'export const SOLUTION_ONLY_MARKER = 42;',
  starterHash: 'a'.repeat(16),
  checksHash: 'b'.repeat(16),
};
const course = { id: 'jwt-deep-dive', basePath: '/courses/jwt/' };

describe('islandPropsFor', () => {
  it('leaves the solution out entirely when solutions are never shown', () => {
    const props = islandPropsFor('verify-access-token', lab, { ...course, solutions: { mode: 'never' } });
    expect('solution' in props).toBe(false);
    expect(JSON.stringify(props)).not.toContain('SOLUTION_ONLY_MARKER');
    expect(props.solutionOffer).toEqual({ mode: 'never' });
  });

  it('ships the solution with the attempts threshold in after-attempts mode', () => {
    const props = islandPropsFor('verify-access-token', lab, {
      ...course,
      solutions: { mode: 'after-attempts', attempts: 3 },
    });
    expect(props.solution).toBe(lab.solution);
    expect(props.solutionOffer).toEqual({ mode: 'after-attempts', attempts: 3 });
  });

  it('keys the island by course id and base path, and hands hints over by id, never as HTML', () => {
    const props = islandPropsFor('verify-access-token', lab, { ...course, solutions: { mode: 'always' } });
    expect(props).toMatchObject({
      labId: 'verify-access-token',
      courseId: 'jwt-deep-dive',
      basePath: '/courses/jwt/',
    });
    expect(props.hints).toEqual([
      { id: 'check-the-audience', forChecks: ['verifyToken > rejects another API'] },
    ]);
    expect(JSON.stringify(props)).not.toContain('HINT_TEXT_MARKER');
    expect(JSON.stringify(props)).not.toContain(lab.summary);
  });
});
