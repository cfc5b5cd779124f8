import { CourseConfigSchema, type CourseConfigInput } from './src/schemas/course-config';
import { normalizeBasePath } from './src/site/base-path';

/** Operator settings. Edit here; the build validates them and fails naming the field. */
const config: CourseConfigInput = {
  id: 'jwt-deep-dive',
  title: 'JWT Deep Dive',
  tagline: 'Learn JSON Web Token security by writing the code that stops the attacks.',
  version: '1.4.0',
  publisher: 'The JWT Deep Dive authors',
  // Branding: accent colours for links, buttons and focus, e.g. { light: '#8a2be2', dark: '#ffb86b' }.
  // Omit for the default blue; the build rejects a colour below 4.5:1 contrast on either theme.
  // `BASE_PATH` at build time wins; missing leading or trailing slashes are added.
  basePath: normalizeBasePath(process.env['BASE_PATH'] ?? '/'),
  /**
   * Labs that must all pass before a certificate can be claimed. Empty means every lab a lesson embeds
   * (`<Lab id>`), so a new lab becomes required as soon as a lesson shows it; list ids to require fewer.
   * A listed lab that no lesson embeds fails the build (src/certificate/required-lab-ids.ts).
   */
  certificateLabs: [],
  solutions: { mode: 'after-attempts', attempts: 3 },
};

export default CourseConfigSchema.parse(config);
