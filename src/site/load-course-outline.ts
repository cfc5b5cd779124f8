import { getCollection } from 'astro:content';
import course from '../../course.config';
import { buildCourseOutline, type OutlineModule } from './course-outline';

let cached: Promise<OutlineModule[]> | undefined;

/** The course outline from the content collections; built once per build. */
export function loadCourseOutline(): Promise<OutlineModule[]> {
  // In dev the content changes under the running server, so never reuse an outline there.
  if (import.meta.env.DEV) cached = undefined;
  cached ??= Promise.all([getCollection('modules'), getCollection('lessons')]).then(([modules, lessons]) =>
    buildCourseOutline(
      modules.map(({ id, data }) => ({ id, data })),
      lessons.map(({ id, data, body }) => ({ id, data, body: body ?? '' })),
      course.basePath,
    ),
  );
  return cached;
}
