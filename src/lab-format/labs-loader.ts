import { fileURLToPath, pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import type { Loader, LoaderContext } from 'astro/loaders';
import { LabEntrySchema, type LabEntry } from '../schemas/lab-entry';
import { LAB_FILES } from './lab-layout';
import { listLabIds, readLab } from './load-lab';

/**
 * The `labs` content collection: every `labs/<id>/` folder read by the one lab reader (`readLab`, which the
 * CLIs and the build's validation also use), with lab.md's statement and each hint rendered by Astro's own
 * Markdown pipeline (the site's Shiki themes, GFM). Modelled on Starlight's `docsLoader()`.
 */
export function labsLoader({ base = 'labs' }: { base?: string } = {}): Loader {
  return {
    name: 'jwt-deep-dive:labs-loader',
    schema: LabEntrySchema,
    load: async (context) => {
      const root = fileURLToPath(new URL(`${base}/`, context.config.root));
      await loadAll(context, root);
      context.watcher?.on('all', (_event, path) => {
        if (path.startsWith(root)) void loadAll(context, root);
      });
    },
  };
}

async function loadAll(context: LoaderContext, root: string): Promise<void> {
  const { store, logger, parseData, renderMarkdown, generateDigest } = context;
  const projectRoot = fileURLToPath(context.config.root);
  store.clear();
  for (const id of listLabIds(root)) {
    const { lab, problems } = readLab(id, root, { projectRoot });
    // The build has already stopped on these (courseIntegrity); in dev they are logged and the lab skipped.
    problems.forEach((problem) => logger.error(`${problem.message} [${problem.code}]`));
    if (!lab) continue;
    const labMd = join(lab.dir, LAB_FILES.meta);
    const fileURL = pathToFileURL(labMd);
    const hints = await Promise.all(
      lab.hints.map(async (hint) => ({
        id: hint.id,
        for: hint.for,
        html: (
          await renderMarkdown(hint.markdown, { fileURL: pathToFileURL(resolve(projectRoot, hint.file)) })
        ).html,
      })),
    );
    const raw: LabEntry = {
      ...lab.meta,
      hints,
      starter: lab.starter,
      solution: lab.solution,
      checks: lab.checks,
      starterHash: lab.starterHash,
      checksHash: lab.checksHash,
    };
    const data = await parseData({ id, data: raw, filePath: labMd });
    store.set({
      id,
      data,
      body: lab.statement,
      filePath: `${base(projectRoot, labMd)}`,
      digest: generateDigest({ ...raw, statement: lab.statement }),
      rendered: await renderMarkdown(lab.statement, { fileURL }),
    });
  }
}

function base(projectRoot: string, path: string): string {
  return path.startsWith(projectRoot) ? path.slice(projectRoot.length).replace(/^[/\\]/, '') : path;
}
