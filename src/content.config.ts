import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { ModuleSchema } from './schemas/module';
import { LessonSchema } from './schemas/lesson';
import { labsLoader } from './lab-format/labs-loader';
import { LabEntrySchema } from './schemas/lab-entry';

const modules = defineCollection({
  loader: glob({ pattern: '*/module.yaml', base: './content' }),
  schema: ModuleSchema,
});

const lessons = defineCollection({
  loader: glob({ pattern: '*/*.mdx', base: './content' }),
  schema: LessonSchema,
});

// The schema is named here as well as in the loader so Astro generates the entry types from it.
const labs = defineCollection({ loader: labsLoader(), schema: LabEntrySchema });

export const collections = { modules, lessons, labs };
