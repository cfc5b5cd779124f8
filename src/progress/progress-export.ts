import { z } from 'astro/zod';
import { formatSchemaIssues } from '../schemas/schema-issues';
import { migrateProgress } from './progress-migrate';
import { ProgressDocumentSchema, type ProgressDocument } from './progress-schema';

/** Marks a file as an exported progress file of this course software (not a certificate, not anything else). */
const PROGRESS_FILE_FORMAT = 'jwt-deep-dive/progress';

const ProgressFileSchema = z.strictObject({
  format: z.literal(PROGRESS_FILE_FORMAT),
  courseId: z.string(),
  exportedAt: z.string(),
  progress: z.unknown(),
});

export type ProgressImportErrorCode =
  | 'ERR_IMPORT_NOT_JSON'
  | 'ERR_IMPORT_NOT_PROGRESS'
  | 'ERR_IMPORT_OTHER_COURSE'
  | 'ERR_IMPORT_NEWER_VERSION'
  | 'ERR_IMPORT_INVALID';

export type ParsedImport =
  | { ok: true; doc: ProgressDocument; exportedAt: string }
  | { ok: false; code: ProgressImportErrorCode; message: string };

export function toProgressFile(courseId: string, doc: ProgressDocument, now: Date): string {
  const file: z.infer<typeof ProgressFileSchema> = {
    format: PROGRESS_FILE_FORMAT,
    courseId,
    exportedAt: now.toISOString(),
    progress: doc,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Validates an exported file completely before anything is written, and says what was wrong and where. */
export function parseProgressFile(text: string, courseId: string): ParsedImport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      code: 'ERR_IMPORT_NOT_JSON',
      message: 'This file is not JSON, so it is not a progress export.',
    };
  }
  const file = ProgressFileSchema.safeParse(json);
  if (!file.success) {
    const format = (json as { format?: unknown } | null)?.format;
    return {
      ok: false,
      code: 'ERR_IMPORT_NOT_PROGRESS',
      message:
        typeof format === 'string' && format !== PROGRESS_FILE_FORMAT
          ? `This is a "${format}" file, not a progress export of this course.`
          : `This is not a progress export: ${formatSchemaIssues(file.error)}.`,
    };
  }
  if (file.data.courseId !== courseId) {
    return {
      ok: false,
      code: 'ERR_IMPORT_OTHER_COURSE',
      message: `This progress belongs to the course "${file.data.courseId}", not "${courseId}".`,
    };
  }
  const migrated = migrateProgress(file.data.progress);
  if (!migrated.ok) {
    return migrated.code === 'ERR_STORAGE_NEWER_VERSION'
      ? {
          ok: false,
          code: 'ERR_IMPORT_NEWER_VERSION',
          message: 'This file was exported by a newer version of the course; update this copy first.',
        }
      : {
          ok: false,
          code: 'ERR_IMPORT_INVALID',
          message:
            'The progress in this file is damaged: it has no known version, or its labs, lessons or quizzes are not objects.',
        };
  }
  const doc = ProgressDocumentSchema.safeParse(migrated.doc);
  if (!doc.success) {
    return {
      ok: false,
      code: 'ERR_IMPORT_INVALID',
      message: `The progress in this file is damaged: ${formatSchemaIssues(doc.error, undefined, ['progress'])}.`,
    };
  }
  return { ok: true, doc: doc.data, exportedAt: file.data.exportedAt };
}
