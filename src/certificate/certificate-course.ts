import type { LessonNeeds } from '../progress/progress-migrate';

/** What the claim and verify pages know about the course, computed at build time and embedded as JSON. */
export interface CertificateCourseLab {
  labId: string;
  title: string;
  checksHash: string;
  starterHash: string;
  /** The lesson page that embeds the lab, with the base path. */
  lessonHref: string;
  lessonTitle: string;
}

interface CertificateCourseModule {
  id: string;
  title: string;
  /** Each lesson with the labs and quizzes that complete it (lessonCompleted, progress/progress-migrate.ts). */
  lessons: ({ id: string; title: string; href: string } & LessonNeeds)[];
}

export interface CertificateCourse {
  id: string;
  title: string;
  version: string;
  publisher: string;
  basePath: string;
  requiredLabs: CertificateCourseLab[];
  modules: CertificateCourseModule[];
}

/** The verify page also needs every lab's checks, to re-run them in a worker. */
export interface VerifiableLab {
  labId: string;
  title: string;
  checks: string;
  checksHash: string;
  editableFile: string;
  timeoutMs: number;
}
