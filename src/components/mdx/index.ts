/**
 * Components lesson MDX can use without importing them: the lesson page passes this map to `<Content>`.
 * Add one line per component; document it in docs/authoring.md.
 */
import Callout from './Callout.astro';
import Figure from './Figure.astro';
import JoseFact from './JoseFact.astro';
import Lab from './Lab.astro';
import Quiz from './Quiz.astro';
import TokenInspector from './TokenInspector.astro';

export const mdxComponents = {
  Callout,
  Figure,
  Lab,
  Quiz,
  JoseFact,
  TokenInspector,
};
