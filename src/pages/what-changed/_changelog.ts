import { z } from 'astro/zod';
import { parse } from 'yaml';
import source from '../../../content/changelog.yaml?raw';
import { CodedError } from '../../errors/coded-error';
import { formatSchemaIssues } from '../../schemas/schema-issues';

/** A version number as the course config writes it: MAJOR.MINOR.PATCH. */
const Version = z.string().regex(/^\d+\.\d+\.\d+$/);

/** `content/changelog.yaml`: every version of the course, newest first. Underscore prefix: not a route. */
export const ChangelogSchema = z.strictObject({
  versions: z
    .array(
      z.strictObject({
        version: Version,
        /** The day the version was published, YYYY-MM-DD. */
        date: z.iso.date(),
        /** One sentence: what the version is about. */
        summary: z.string().min(10),
        /** What changed for someone taking the course; `backticks` render as code. */
        learners: z.array(z.string().min(10)).min(1),
        /** What changed for someone running or teaching it: certificates, grading, operating. */
        instructors: z.array(z.string().min(10)).min(1),
      }),
    )
    .min(1),
});

export type Changelog = z.infer<typeof ChangelogSchema>;

const CHANGELOG_ERROR_CODES = ['ERR_CHANGELOG_INVALID', 'ERR_CHANGELOG_ORDER'] as const;

export type ChangelogErrorCode = (typeof CHANGELOG_ERROR_CODES)[number];

/** A changelog the page cannot show; the message names the entry and field. */
export class ChangelogError extends CodedError<ChangelogErrorCode> {
  static readonly codes = CHANGELOG_ERROR_CODES;
  override readonly name = 'ChangelogError';

  constructor(code: ChangelogErrorCode, message: string) {
    super(code, `content/changelog.yaml is invalid: ${message} [${code}]`);
  }
}

/** Compares two MAJOR.MINOR.PATCH versions: negative when `a` is older. */
export function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i += 1) {
    const diff = (pa?.[i] ?? 0) - (pb?.[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Parses and validates a changelog; every problem names its path. Versions must be newest first. */
export function parseChangelog(text: string): Changelog {
  const result = ChangelogSchema.safeParse(parse(text));
  if (!result.success) {
    throw new ChangelogError('ERR_CHANGELOG_INVALID', `\n${formatSchemaIssues(result.error)}`);
  }
  const { versions } = result.data;
  versions.slice(1).forEach((entry, i) => {
    const newer = versions[i]!;
    if (compareVersions(newer.version, entry.version) <= 0) {
      throw new ChangelogError(
        'ERR_CHANGELOG_ORDER',
        `versions[${i + 1}] (${entry.version}) must be older than versions[${i}] (${newer.version}); list versions newest first, once each`,
      );
    }
  });
  return result.data;
}

/** The course's changelog, validated; a bad entry fails the build naming its path. */
export function loadChangelog(): Changelog {
  return parseChangelog(source);
}
