import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { ModuleSchema } from './schemas/module';
import { LessonSchema } from './schemas/lesson';
import { labsLoader } from './lab-format/labs-loader';

const modules = defineCollection({
  loader: glob({ pattern: '*/module.yaml', base: './content' }),
  schema: ModuleSchema,
});

const lessons = defineCollection({
  loader: glob({ pattern: '*/*.mdx', base: './content' }),
  schema: LessonSchema,
});

const labs = defineCollection({ loader: labsLoader() });

export const collections = { modules, lessons, labs };
