/**
 * A certificate issued from every required lab's reference solution (or the code given), built the way the
 * claim page builds one (progress document → buildCertificate), for the CLI suite.
 */
import course from '../../course.config';
import { buildCertificate } from '../../src/certificate/claim-certificate';
import { courseLabsOnDisk } from '../../src/certificate/course-labs-on-disk';
import { ProgressDocumentSchema } from '../../src/progress/progress-schema';

export interface IssueOptions {
  /** Code to certify instead of a lab's reference solution, by lab id. */
  code?: Record<string, string>;
  /** The checks fingerprint the claim page used when it issued the file (default: today's). */
  fingerprint?: (checks: string) => string;
}

export async function referenceCertificate(
  name = 'Ada Lovelace',
  options: IssueOptions = {},
): Promise<string> {
  const disk = courseLabsOnDisk(course.certificateLabs);
  const required = disk.requiredLabIds.map((id) => {
    const lab = disk.labs.get(id)!;
    return {
      ...lab,
      solution: options.code?.[id] ?? lab.solution,
      checksHash: options.fingerprint ? options.fingerprint(lab.checks) : lab.checksHash,
    };
  });
  const doc = ProgressDocumentSchema.parse({
    version: 2,
    labs: Object.fromEntries(
      required.map((lab) => [
        lab.id,
        {
          attempts: 1,
          passing: {
            code: lab.solution,
            checksHash: lab.checksHash,
            starterHash: lab.starterHash,
            passedAt: '2026-01-02T00:00:00.000Z',
          },
        },
      ]),
    ),
  });
  const result = await buildCertificate(
    doc,
    {
      id: course.id,
      title: course.title,
      version: course.version,
      publisher: course.publisher,
      basePath: '/',
      requiredLabs: required.map((lab) => ({
        labId: lab.id,
        title: lab.meta.title,
        checksHash: lab.checksHash,
        starterHash: lab.starterHash,
        lessonHref: '/',
        lessonTitle: '',
      })),
      modules: [],
    },
    name,
    '2026-01-03',
  );
  if (!result.ok) throw new Error(result.message);
  return `${JSON.stringify(result.certificate, null, 2)}\n`;
}
