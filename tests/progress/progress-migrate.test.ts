import { describe, expect, it } from 'vitest';
import { PROGRESS_VERSION, emptyProgress, migrateProgress } from '../../src/progress/progress-migrate';
import { ProgressDocumentSchema } from '../../src/progress/progress-schema';

const v1 = {
  version: 1,
  labs: {
    'verify-access-token': {
      saved: { code: 'x', starterHash: 's', checksHash: 'c', savedAt: '2026-01-01T00:00:00.000Z' },
      attempts: 2,
      best: { passed: 3, total: 5 },
    },
  },
};

describe('migrateProgress', () => {
  it('migrates a version 1 document (labs only) to the current version, keeping every lab', () => {
    const migrated = migrateProgress(v1);
    expect(migrated).toMatchObject({ ok: true, doc: { version: PROGRESS_VERSION, labs: v1.labs } });
    if (!migrated.ok) return;
    const parsed = ProgressDocumentSchema.parse(migrated.doc);
    expect(parsed.lessons).toEqual({ visited: {}, completed: {} });
    expect(parsed.quizzes).toEqual({});
    expect(parsed.labs['verify-access-token']?.attempts).toBe(2);
  });

  it('leaves a current document as it is, unknown fields included', () => {
    const doc = { ...emptyProgress(), later: { feature: true } };
    expect(migrateProgress(doc)).toEqual({ ok: true, doc });
  });

  it('refuses a document from a newer version', () => {
    expect(migrateProgress({ version: PROGRESS_VERSION + 1 })).toMatchObject({
      ok: false,
      code: 'ERR_STORAGE_NEWER_VERSION',
    });
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['no version', { labs: {} }],
    ['version 0', { version: 0, labs: {} }],
    ['a fractional version', { version: 1.5, labs: {} }],
    ['labs as an array', { version: 1, labs: [] }],
    ['visited lessons as an array', { version: 2, labs: {}, lessons: { visited: ['x'] }, quizzes: {} }],
  ])('calls %s corrupt', (_, json) => {
    expect(migrateProgress(json)).toMatchObject({ ok: false, code: 'ERR_STORAGE_CORRUPT' });
  });

  it('does not change the object it was given', () => {
    const input = structuredClone(v1);
    migrateProgress(input);
    expect(input).toEqual(v1);
  });
});
