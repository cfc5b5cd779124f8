import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { choiceOrder } from '../../src/elements/quiz-order';
import { loadQuiz, parseQuiz, quizPath } from '../../src/elements/quiz-source';

const ROOT = join(import.meta.dirname, '../..');
const CONTENT = join(ROOT, 'content');

const files = readdirSync(CONTENT, { recursive: true, encoding: 'utf8' });
const lessonIds = files.filter((f) => f.endsWith('.mdx')).map((f) => f.replace(/\.mdx$/, ''));
const quizIds = files.filter((f) => f.endsWith('.quiz.yaml')).map((f) => f.replace(/\.quiz\.yaml$/, ''));

describe('lesson knowledge checks', () => {
  it.each(lessonIds)('%s embeds its own quiz exactly once', (id) => {
    const text = readFileSync(join(CONTENT, `${id}.mdx`), 'utf8');
    const tags = [...text.matchAll(/<Quiz\s+id="([^"]+)"\s*\/>/g)].map((m) => m[1]);
    expect(tags).toEqual([id]);
    expect(existsSync(join(ROOT, quizPath(id)))).toBe(true);
  });

  it.each(quizIds)('%s.quiz.yaml belongs to a lesson and is valid', async (id) => {
    expect(lessonIds).toContain(id);
    const quiz = await loadQuiz(id);
    expect(quiz.questions.length).toBeGreaterThanOrEqual(2);
    for (const question of quiz.questions) {
      // Every choice must teach: explanations may not repeat each other within a question.
      expect(new Set(question.choices.map((c) => c.why)).size).toBe(question.choices.length);
    }
  });

  it('shows the right answer in varying positions, so guessing "the first one" does not pay', async () => {
    const firstShownRight: boolean[] = [];
    for (const id of quizIds) {
      const { questions } = await loadQuiz(id);
      questions.forEach((q, index) => {
        const shownFirst = choiceOrder(id, index, q.choices.length)[0]!;
        firstShownRight.push(q.choices[shownFirst]?.correct === true);
      });
    }
    const share = firstShownRight.filter(Boolean).length / firstShownRight.length;
    expect(share).toBeLessThan(0.6);
  });
});

describe('loadQuiz', () => {
  it('fails with ERR_QUIZ_NOT_FOUND, naming the expected file, for a lesson without a quiz file', async () => {
    await expect(loadQuiz('09-nowhere/01-missing')).rejects.toMatchObject({
      code: 'ERR_QUIZ_NOT_FOUND',
      message: expect.stringContaining('content/09-nowhere/01-missing.quiz.yaml'),
    });
  });
});

describe('parseQuiz', () => {
  it('names the file and the path of an invalid field', () => {
    const source =
      'questions:\n  - prompt: Which?\n    choices:\n      - text: A\n        why: because it is\n';
    expect(() => parseQuiz(source, 'content/x.quiz.yaml')).toThrowError(
      /content\/x\.quiz\.yaml:\nquestions\.0\.choices: /,
    );
  });

  it('rejects a question without a right answer', () => {
    const source = [
      'questions:',
      ...Array.from({ length: 2 }, () => [
        '  - prompt: Which one?',
        '    choices:',
        '      - { text: A, why: explanation of A }',
        '      - { text: B, why: explanation of B }',
      ]).flat(),
    ].join('\n');
    expect(() => parseQuiz(source, 'q.yaml')).toThrowError(/at least one correct choice/);
  });

  it('reports YAML syntax errors with the file name', () => {
    expect(() => parseQuiz('questions: [', relative(ROOT, join(CONTENT, 'y.quiz.yaml')))).toThrowError(
      /content\/y\.quiz\.yaml: not valid YAML/,
    );
  });
});
