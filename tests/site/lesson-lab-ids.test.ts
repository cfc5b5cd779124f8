import { describe, expect, it } from 'vitest';
import { findLabTags, lessonLabIds, lessonQuizIds } from '../../src/site/lesson-lab-ids';

describe('lessonLabIds', () => {
  it('lists the labs a lesson embeds, once each, in order of appearance', () => {
    const body =
      'Intro\n\n<Lab id="deny-list" />\n\nMore\n\n<Lab id=\'logout-cutoff\'/>\n<Lab id="deny-list" />\n';
    expect(lessonLabIds(body)).toEqual(['deny-list', 'logout-cutoff']);
  });

  it('accepts a string expression as the id', () => {
    expect(lessonLabIds('<Lab id={"jwks-rotation"} />')).toEqual(['jwks-rotation']);
  });

  it('ignores tags inside fenced and inline code and MDX comments', () => {
    const body = [
      'Write `<Lab id="inline-example" />` to embed a lab.',
      '```mdx',
      '<Lab id="fenced-example" />',
      '```',
      '~~~',
      '<Lab id="tilde-example" />',
      '~~~',
      '{/* <Lab id="commented-out" /> */}',
      '<Lab id="real-lab" />',
    ].join('\n');
    expect(lessonLabIds(body)).toEqual(['real-lab']);
  });

  it('does not mistake other components that start with Lab for a lab', () => {
    expect(lessonLabIds('<LabReferences id="x" />\n<Label id="y" />')).toEqual([]);
  });
});

describe('findLabTags', () => {
  it('reports the line of each tag and an undefined id when the tag has no literal id', () => {
    const body = 'one\n```\n<Lab id="skip" />\n```\n<Lab id={someVariable} />\n\n<Lab\n  id="multi-line"\n/>';
    expect(findLabTags(body)).toEqual([
      { id: undefined, line: 5 },
      { id: 'multi-line', line: 7 },
    ]);
  });
});

describe('lessonQuizIds', () => {
  it('lists the quizzes a lesson embeds, skipping code, and never mistakes a lab for one', () => {
    const body = [
      '<Lab id="verify-access-token" />',
      '`<Quiz id="inline-example" />`',
      '<Quiz id="01-issuance-and-validation/02-verifying-access-tokens" />',
      '<QuizLike id="other" />',
    ].join('\n');
    expect(lessonQuizIds(body)).toEqual(['01-issuance-and-validation/02-verifying-access-tokens']);
  });
});
