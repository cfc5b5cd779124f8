/**
 * `<quiz-check>`: a lesson's knowledge check. The grading code loads only on pages that have a quiz, when
 * the element connects, so the shared element script stays within its budget.
 */
export class QuizCheck extends HTMLElement {
  connectedCallback(): void {
    void import('./quiz-controller').then(({ attachQuiz }) => attachQuiz(this));
  }
}
