import { parse } from 'yaml';
import { CodedError } from '../errors/coded-error';
import { QuizSchema, type Quiz } from './quiz-schema';
import { formatSchemaIssues } from '../schemas/schema-issues';

/** Thrown at build time when a lesson's quiz file is missing or invalid; the message names the file. */
class QuizSourceError extends CodedError<(typeof QuizSourceError.codes)[number]> {
  static readonly codes = ['ERR_QUIZ_NOT_FOUND', 'ERR_QUIZ_INVALID'] as const;
  override readonly name = 'QuizSourceError';
}

/** `content/<lesson id>.quiz.yaml` for a lesson id such as `00-foundations/01-what-is-a-jwt`. */
export function quizPath(lessonId: string): string {
  return `content/${lessonId}.quiz.yaml`;
}

/** Parses and validates one quiz file's text. */
export function parseQuiz(source: string, file: string): Quiz {
  let data: unknown;
  try {
    data = parse(source);
  } catch (error) {
    throw new QuizSourceError('ERR_QUIZ_INVALID', `${file}: not valid YAML (${String(error)})`);
  }
  const result = QuizSchema.safeParse(data);
  if (!result.success) {
    throw new QuizSourceError('ERR_QUIZ_INVALID', `${file}:\n${formatSchemaIssues(result.error)}`);
  }
  return result.data;
}

// Vite reads the files at build time (and watches them in dev); nothing of this reaches the browser.
const sources = import.meta.glob<string>('../../content/*/*.quiz.yaml', {
  query: '?raw',
  import: 'default',
});

/** Loads the quiz of a lesson, failing the build with the file name when it is absent or invalid. */
export async function loadQuiz(lessonId: string): Promise<Quiz> {
  const file = quizPath(lessonId);
  const load = sources[`../../${file}`];
  if (!load)
    throw new QuizSourceError('ERR_QUIZ_NOT_FOUND', `${file}: no such quiz file for <Quiz id="${lessonId}">`);
  return parseQuiz(await load(), file);
}
