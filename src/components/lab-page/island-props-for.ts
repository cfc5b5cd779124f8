import type { CourseConfig } from '../../schemas/course-config';
import { LabIslandPropsSchema, type LabIslandProps } from './lab-island-props';
import type { LabForPage } from './read-lab-for-page';

/**
 * The serialisable props of one lab's island. With `solutions: { mode: 'never' }` the reference solution is
 * left out here, so it never reaches the page's HTML or any bundle.
 */
export function islandPropsFor(
  lab: LabForPage,
  course: Pick<CourseConfig, 'id' | 'basePath' | 'solutions'>,
): LabIslandProps {
  const { summary: _summary, intro: _intro, solution, ...fields } = lab;
  return LabIslandPropsSchema.parse({
    ...fields,
    solutionOffer: course.solutions,
    ...(course.solutions.mode === 'never' ? {} : { solution }),
    courseId: course.id,
    basePath: course.basePath,
  });
}
