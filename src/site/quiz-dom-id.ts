/** The id of a quiz's element in the page (`Quiz.astro`), e.g. `quiz-00-foundations-01-what-is-a-jwt`. */
export function quizDomId(quizId: string): string {
  return `quiz-${quizId.replace(/[^a-z0-9]+/g, '-')}`;
}
