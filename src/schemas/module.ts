import { z } from 'astro/zod';

/** `content/NN-module/module.yaml`: one module of the course. Order comes from the folder's numeric prefix. */
export const ModuleSchema = z.strictObject({
  /** Module title shown in the sidebar and on the course home. */
  title: z.string().min(3),
  /** One or two sentences: what the learner can do after this module. */
  summary: z.string().min(10),
  /** The case study the module is built around (e.g. "An e-commerce platform's login"). */
  caseStudy: z.string().min(3).optional(),
});

export type CourseModule = z.infer<typeof ModuleSchema>;
