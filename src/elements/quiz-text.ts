/** A run of quiz text: plain, or code when it was written between backticks. */
export interface QuizTextRun {
  code: boolean;
  text: string;
}

/** Splits quiz prose on backticks so `alg` renders as code without allowing any HTML in quiz files. */
export function splitInlineCode(text: string): QuizTextRun[] {
  return text
    .split('`')
    .map((part, index) => ({ code: index % 2 === 1, text: part }))
    .filter((run) => run.text.length > 0);
}
