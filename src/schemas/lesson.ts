import { z } from 'astro/zod';

/** Frontmatter of `content/NN-module/NN-lesson.mdx`. Order comes from the file's numeric prefix. */
export const LessonSchema = z.strictObject({
  /** Lesson title (the page's h1). */
  title: z.string().min(3),
  /** One or two sentences shown on the course home and in search results. */
  summary: z.string().min(10),
  /** Estimated minutes to read the lesson and finish its labs. */
  minutes: z.number().int().positive().max(240),
  /** What the learner can do afterwards; each starts with a verb ("Decode a JWT by hand"). */
  objectives: z.array(z.string().min(5)).min(1),
  /** Lesson ids (`NN-module/NN-lesson`) the learner should have read first. */
  prerequisites: z.array(z.string().regex(/^\d\d-[a-z0-9-]+\/\d\d-[a-z0-9-]+$/)).default([]),
});

export type Lesson = z.infer<typeof LessonSchema>;
