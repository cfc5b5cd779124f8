import { gradeQuestion, scoreSentence, type QuestionOutcome } from './quiz-grade';
import { clearQuizResult, readQuizResult, writeQuizResult, type QuizPlace } from './quiz-storage';

const RESULT_TEXT: Record<QuestionOutcome, string> = {
  correct: 'Correct.',
  incorrect: 'Not quite: see the explanations.',
  unanswered: 'Not answered.',
};

/** A wrong first answer: the learner gets another try before the right answer is shown. */
const TRY_AGAIN = 'Not quite: change your answer and check again.';

/**
 * Grades the server-rendered form of `Quiz.astro` in the page and remembers the answers in the course's
 * progress (`data-course-id`, `data-base-path`, `data-quiz-id`). A question answered wrong for the first time
 * explains only the picked answers and offers another try; once it is right, or wrong a second time, the right
 * answers are explained too. Answers restored after a reload were already committed to, so they show everything.
 */
export function attachQuiz(root: HTMLElement): void {
  new QuizController(root).attach();
}

class QuizController {
  /** Per question, how many checks found it wrong since the quiz was (re)started on this page. */
  private misses: number[] = [];

  constructor(private readonly root: HTMLElement) {}

  private querySelector<E extends Element = Element>(selector: string): E | null {
    return this.root.querySelector<E>(selector);
  }

  private querySelectorAll<E extends Element = Element>(selector: string): NodeListOf<E> {
    return this.root.querySelectorAll<E>(selector);
  }

  attach(): void {
    const form = this.querySelector('form');
    if (!form || this.root.hasAttribute('data-ready')) return;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const answers = this.selectedAnswers();
      this.show(answers, false);
      writeQuizResult(localStorage, this.place, {
        answers,
        checkedAt: new Date().toISOString(),
      });
    });
    form.addEventListener('reset', () => {
      clearQuizResult(localStorage, this.place);
      this.misses = [];
      this.hideResults();
    });
    const saved = readQuizResult(localStorage, this.place);
    if (saved && saved.answers.length === this.questions.length) {
      this.restore(saved.answers);
      this.show(saved.answers, true);
    }
    this.root.setAttribute('data-ready', '');
  }

  private get place(): QuizPlace {
    const { courseId = '', basePath = '', quizId = '' } = this.root.dataset;
    return { courseId, basePath, quizId };
  }

  private get questions(): HTMLFieldSetElement[] {
    return [...this.querySelectorAll<HTMLFieldSetElement>('fieldset.quiz-question')];
  }

  private selectedAnswers(): number[][] {
    return this.questions.map((fieldset) =>
      [...fieldset.querySelectorAll<HTMLInputElement>('input:checked')].map((input) => Number(input.value)),
    );
  }

  private restore(answers: number[][]): void {
    this.questions.forEach((fieldset, q) => {
      for (const input of fieldset.querySelectorAll<HTMLInputElement>('input')) {
        input.checked = answers[q]?.includes(Number(input.value)) ?? false;
      }
    });
  }

  /** `restored`: answers saved by an earlier visit, which reveal the right answers at once. */
  private show(answers: number[][], restored: boolean): void {
    let retrying = false;
    const outcomes = this.questions.map((fieldset, q) => {
      const picked = answers[q] ?? [];
      const choices = [...fieldset.querySelectorAll<HTMLElement>('.quiz-choice')];
      const correct = choices
        .filter((c) => c.dataset['correct'] === 'true')
        .map((c) => Number(c.dataset['choice']));
      const outcome = gradeQuestion(picked, correct);
      if (outcome === 'incorrect') this.misses[q] = (this.misses[q] ?? 0) + 1;
      // The right answers are explained once it is right, or after a second wrong answer.
      const reveal = outcome === 'correct' || (outcome === 'incorrect' && (restored || this.misses[q]! > 1));
      const again = outcome === 'incorrect' && !reveal;
      retrying ||= again;
      for (const choice of choices) {
        const index = Number(choice.dataset['choice']);
        const why = choice.querySelector<HTMLElement>('.quiz-why');
        if (why) why.hidden = !(picked.includes(index) || (reveal && correct.includes(index)));
      }
      const result = fieldset.querySelector<HTMLElement>('.quiz-result');
      if (result) {
        result.hidden = false;
        result.dataset['outcome'] = outcome;
        result.textContent = again ? TRY_AGAIN : RESULT_TEXT[outcome];
      }
      fieldset.dataset['outcome'] = outcome;
      fieldset.toggleAttribute('data-try-again', again);
      return outcome;
    });
    const score = this.querySelector<HTMLElement>('.quiz-score');
    if (score) score.textContent = scoreSentence(outcomes, retrying);
  }

  private hideResults(): void {
    for (const el of this.querySelectorAll<HTMLElement>('.quiz-why, .quiz-result')) el.hidden = true;
    for (const fieldset of this.questions) {
      delete fieldset.dataset['outcome'];
      fieldset.removeAttribute('data-try-again');
    }
    const score = this.querySelector<HTMLElement>('.quiz-score');
    if (score) score.textContent = '';
  }
}
