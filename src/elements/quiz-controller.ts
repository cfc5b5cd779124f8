import { gradeQuestion, scoreSentence, type QuestionOutcome } from './quiz-grade';
import { clearQuizResult, readQuizResult, writeQuizResult, type QuizPlace } from './quiz-storage';

const RESULT_TEXT: Record<QuestionOutcome, string> = {
  correct: 'Correct.',
  incorrect: 'Not quite: see the explanations.',
  unanswered: 'Not answered.',
};

/**
 * Grades the server-rendered form of `Quiz.astro` in the page, shows the explanation of every picked answer
 * and of the right ones, and remembers the answers in the course's progress (`data-course-id`, `data-base-path`, `data-quiz-id`).
 */
export function attachQuiz(root: HTMLElement): void {
  new QuizController(root).attach();
}

class QuizController {
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
      this.show(answers);
      writeQuizResult(localStorage, this.place, {
        answers,
        checkedAt: new Date().toISOString(),
      });
    });
    form.addEventListener('reset', () => {
      clearQuizResult(localStorage, this.place);
      this.hideResults();
    });
    const saved = readQuizResult(localStorage, this.place);
    if (saved && saved.answers.length === this.questions.length) {
      this.restore(saved.answers);
      this.show(saved.answers);
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

  private show(answers: number[][]): void {
    const outcomes = this.questions.map((fieldset, q) => {
      const picked = answers[q] ?? [];
      const choices = [...fieldset.querySelectorAll<HTMLElement>('.quiz-choice')];
      const correct = choices
        .filter((c) => c.dataset['correct'] === 'true')
        .map((c) => Number(c.dataset['choice']));
      const outcome = gradeQuestion(picked, correct);
      for (const choice of choices) {
        const index = Number(choice.dataset['choice']);
        const why = choice.querySelector<HTMLElement>('.quiz-why');
        // Explanations of the right answers are shown once the learner has committed to an answer.
        if (why)
          why.hidden = !(picked.includes(index) || (outcome !== 'unanswered' && correct.includes(index)));
      }
      const result = fieldset.querySelector<HTMLElement>('.quiz-result');
      if (result) {
        result.hidden = false;
        result.dataset['outcome'] = outcome;
        result.textContent = RESULT_TEXT[outcome];
      }
      fieldset.dataset['outcome'] = outcome;
      return outcome;
    });
    const score = this.querySelector<HTMLElement>('.quiz-score');
    if (score) score.textContent = scoreSentence(outcomes);
  }

  private hideResults(): void {
    for (const el of this.querySelectorAll<HTMLElement>('.quiz-why, .quiz-result')) el.hidden = true;
    for (const fieldset of this.questions) delete fieldset.dataset['outcome'];
    const score = this.querySelector<HTMLElement>('.quiz-score');
    if (score) score.textContent = '';
  }
}
