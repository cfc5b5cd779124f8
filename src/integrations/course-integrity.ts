import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { ContentValidationError, formatProblem } from '../content-validation/content-problem';
import { validateCourse } from '../content-validation/validate-course';

/**
 * Validates `content/` and `labs/` before Astro loads them. A build (or `astro check`) stops with every
 * problem located by file, field and line; the dev server reports them and re-checks on each change.
 */
export function courseIntegrity(): AstroIntegration {
  let root = '';
  return {
    name: 'jwt-deep-dive:course-integrity',
    hooks: {
      'astro:config:setup': ({ config, command, logger }) => {
        root = fileURLToPath(config.root);
        const problems = validateCourse(root);
        if (problems.length === 0) return;
        if (command === 'dev') problems.forEach((problem) => logger.error(formatProblem(problem)));
        else throw new ContentValidationError(problems);
      },
      'astro:server:setup': ({ server, logger }) => {
        server.watcher.on('all', (_event, path) => {
          if (!/[/\\](content|labs)[/\\]/.test(path)) return;
          validateCourse(root).forEach((problem) => logger.error(formatProblem(problem)));
        });
      },
    },
  };
}
