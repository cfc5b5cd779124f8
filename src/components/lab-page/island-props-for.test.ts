import { describe, expect, it } from 'vitest';
import { islandPropsFor } from './island-props-for';
import type { LabForPage } from './read-lab-for-page';

const lab: LabForPage = {
  labId: 'verify-access-token',
  title: 'Verify an access token',
  summary: 'Accept only tokens minted for this API.',
  intro: 'The API in front of you…',
  editableFile: 'verify-access-token.ts',
  starter: 'export const starter = 1;',
  checks: "describe('x', () => {});",
  hints: [{ text: 'Look at `aud`.', forChecks: [] }],
  timeoutMs: 1500,
  references: [{ spec: 'RFC 8725', section: '3.9' }],
  solution: 'export const SOLUTION_ONLY_MARKER = 42;',
  starterHash: 'a'.repeat(16),
  checksHash: 'b'.repeat(16),
};
const course = { id: 'jwt-deep-dive', basePath: '/courses/jwt/' };

describe('islandPropsFor', () => {
  it('leaves the solution out entirely when solutions are never shown', () => {
    const props = islandPropsFor(lab, { ...course, solutions: { mode: 'never' } });
    expect('solution' in props).toBe(false);
    expect(JSON.stringify(props)).not.toContain('SOLUTION_ONLY_MARKER');
    expect(props.solutionOffer).toEqual({ mode: 'never' });
  });

  it('ships the solution with the attempts threshold in after-attempts mode', () => {
    const props = islandPropsFor(lab, { ...course, solutions: { mode: 'after-attempts', attempts: 3 } });
    expect(props.solution).toBe(lab.solution);
    expect(props.solutionOffer).toEqual({ mode: 'after-attempts', attempts: 3 });
  });

  it('keys the island by course id and base path, and keeps the lab statement on the server', () => {
    const props = islandPropsFor(lab, { ...course, solutions: { mode: 'always' } });
    expect(props).toMatchObject({ courseId: 'jwt-deep-dive', basePath: '/courses/jwt/' });
    expect(JSON.stringify(props)).not.toContain('The API in front of you');
  });
});
