import type { CourseModule } from '../schemas/module';
import type { Lesson } from '../schemas/lesson';
import { withBase } from './base-path';
import { lessonLabIds, lessonQuizIds } from './lesson-lab-ids';

/** A lesson as the site shows it: its id is `NN-module/NN-lesson`, the folder and file names. */
export interface OutlineLesson extends Lesson {
  id: string;
  moduleId: string;
  /** The file name without `.mdx`, e.g. `01-what-is-a-jwt`. */
  slug: string;
  href: string;
  /** Position in the course, e.g. `1.2` (module 1, lesson 2), from the numeric prefixes' order. */
  number: string;
  /** Labs the lesson embeds with `<Lab id>`, in order of appearance. */
  labIds: string[];
  /** Quizzes the lesson embeds with `<Quiz id>`, in order of appearance. */
  quizIds: string[];
}

export interface OutlineModule extends CourseModule {
  /** The folder name, e.g. `00-foundations`. */
  id: string;
  href: string;
  number: number;
  lessons: OutlineLesson[];
}

/** What the loader hands over: collection entries reduced to the fields the outline needs. */
export interface ModuleSource {
  id: string;
  data: CourseModule;
}
export interface LessonSource {
  id: string;
  data: Lesson;
  body: string;
}

/** Folder of a module entry. The glob loader ids `content/00-x/module.yaml` as `00-x/module`. */
export function moduleIdOf(entryId: string): string {
  return entryId.split('/')[0] ?? entryId;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Modules and lessons in course order, which comes only from the numeric prefixes of their names. */
export function buildCourseOutline(
  modules: readonly ModuleSource[],
  lessons: readonly LessonSource[],
  basePath: string,
): OutlineModule[] {
  const ordered = modules.map((entry) => ({ ...entry, id: moduleIdOf(entry.id) })).sort(byId);
  return ordered.map((entry, moduleIndex) => {
    const own = lessons.filter((lesson) => lesson.id.startsWith(`${entry.id}/`)).sort(byId);
    return {
      ...entry.data,
      id: entry.id,
      href: withBase(basePath, `${entry.id}/`),
      number: moduleIndex + 1,
      lessons: own.map((lesson, lessonIndex) => {
        const slug = lesson.id.slice(entry.id.length + 1);
        return {
          ...lesson.data,
          id: lesson.id,
          moduleId: entry.id,
          slug,
          href: withBase(basePath, `${lesson.id}/`),
          number: `${moduleIndex + 1}.${lessonIndex + 1}`,
          labIds: lessonLabIds(lesson.body),
          quizIds: lessonQuizIds(lesson.body),
        };
      }),
    };
  });
}

/** All lessons in reading order, for prev/next links. */
export function lessonsInOrder(outline: readonly OutlineModule[]): OutlineLesson[] {
  return outline.flatMap((module) => module.lessons);
}
