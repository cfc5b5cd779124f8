import type { CourseConfig } from '../../schemas/course-config';
import type { LabEntry } from '../../schemas/lab-entry';
import { LabIslandPropsSchema, type LabIslandProps } from './lab-island-props';

/**
 * The serialisable props of one lab's island, from its `labs` collection entry. With
 * `solutions: { mode: 'never' }` the reference solution is left out here, so it never reaches the page's
 * HTML or any bundle. Hints travel as ids: their rendered text is already in the page.
 */
export function islandPropsFor(
  labId: string,
  lab: LabEntry,
  course: Pick<CourseConfig, 'id' | 'basePath' | 'solutions'>,
): LabIslandProps {
  return LabIslandPropsSchema.parse({
    labId,
    title: lab.title,
    editableFile: lab.editableFile,
    starter: lab.starter,
    checks: lab.checks,
    hints: lab.hints.map((hint) => ({ id: hint.id, forChecks: hint.for })),
    timeoutMs: lab.timeoutMs,
    references: lab.references,
    solutionOffer: course.solutions,
    ...(course.solutions.mode === 'never' ? {} : { solution: lab.solution }),
    starterHash: lab.starterHash,
    checksHash: lab.checksHash,
    courseId: course.id,
    basePath: course.basePath,
  });
}
