/** Build time only (Astro pages): reads the outline and the lab folders. */
import { getEntry } from 'astro:content';
import course from '../../course.config';
import { loadCourseOutline } from '../site/load-course-outline';
import { lessonsInOrder } from '../site/course-outline';
import type { CertificateCourse, VerifiableLab } from './certificate-course';
import { requiredLabIds } from './required-lab-ids';

export async function loadCertificateCourse(): Promise<{
  course: CertificateCourse;
  verifiable: VerifiableLab[];
}> {
  const outline = await loadCourseOutline();
  const lessons = lessonsInOrder(outline);
  const embedded = lessons.flatMap((lesson) => lesson.labIds);
  const labIds = requiredLabIds(course.certificateLabs, embedded);
  const read = new Map(
    await Promise.all(
      [...new Set(embedded)].map(async (id) => {
        const entry = await getEntry('labs', id);
        if (!entry)
          throw new Error(`labs/${id}/: a lesson embeds this lab, but the labs collection has no such lab`);
        return [id, { labId: id, ...entry.data }] as const;
      }),
    ),
  );
  const requiredLabs = labIds.map((labId) => {
    const lab = read.get(labId)!;
    const lesson = lessons.find((candidate) => candidate.labIds.includes(labId))!;
    return {
      labId,
      title: lab.title,
      checksHash: lab.checksHash,
      starterHash: lab.starterHash,
      lessonHref: lesson.href,
      lessonTitle: lesson.title,
    };
  });
  return {
    course: {
      id: course.id,
      title: course.title,
      version: course.version,
      publisher: course.publisher,
      basePath: course.basePath,
      requiredLabs,
      modules: outline.map((module) => ({
        id: module.id,
        title: module.title,
        lessons: module.lessons.map((lesson) => ({
          id: lesson.id,
          title: lesson.title,
          href: lesson.href,
          labIds: lesson.labIds,
          quizIds: lesson.quizIds,
        })),
      })),
    },
    // Every lab a lesson shows, so a certificate naming a lab that exists but is not required still runs.
    verifiable: [...read.values()].map((lab) => ({
      labId: lab.labId,
      title: lab.title,
      checks: lab.checks,
      checksHash: lab.checksHash,
      editableFile: lab.editableFile,
      timeoutMs: lab.timeoutMs,
    })),
  };
}
