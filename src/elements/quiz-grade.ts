/** The outcome of one question: right only when exactly the correct choices were picked. */
export type QuestionOutcome = 'correct' | 'incorrect' | 'unanswered';

export function gradeQuestion(selected: readonly number[], correct: readonly number[]): QuestionOutcome {
  if (selected.length === 0) return 'unanswered';
  const picked = new Set(selected);
  if (picked.size !== correct.length) return 'incorrect';
  return correct.every((c) => picked.has(c)) ? 'correct' : 'incorrect';
}

/**
 * The sentence announced after checking, e.g. "2 of 3 correct. Read the explanation under each answer you
 * picked." `retrying`: some wrong answer gets another try before its right answer is shown.
 */
export function scoreSentence(outcomes: readonly QuestionOutcome[], retrying = false): string {
  const right = outcomes.filter((o) => o === 'correct').length;
  const open = outcomes.filter((o) => o === 'unanswered').length;
  const total = outcomes.length;
  if (right === total) return `All ${total} correct.`;
  const rest = open > 0 ? ` ${open} unanswered.` : '';
  const next = retrying
    ? ' Read the explanation under each answer you picked, then try the ones marked wrong again.'
    : ' Read the explanation under each answer you picked.';
  return `${right} of ${total} correct.${rest}${next}`;
}
