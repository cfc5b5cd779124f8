/**
 * `<quiz-check>`: a lesson's knowledge check. Its grading code loads when the quiz comes near the viewport
 * or takes focus, as Astro's `client:visible` does for islands: a reader at the top of a lesson pays
 * nothing for a quiz at the bottom, and the shared element script stays within its budget.
 */
export class QuizCheck extends HTMLElement {
  #observer: IntersectionObserver | undefined;
  #loading = false;

  connectedCallback(): void {
    this.addEventListener('focusin', this.#load);
    // Until the controller is attached, a submit must not reload the page.
    this.addEventListener('submit', this.#holdSubmit);
    this.#observer = new IntersectionObserver(
      (entries) => entries.some((e) => e.isIntersecting) && this.#load(),
      {
        rootMargin: '600px 0px',
      },
    );
    this.#observer.observe(this);
  }

  disconnectedCallback(): void {
    this.#observer?.disconnect();
  }

  #holdSubmit = (event: Event): void => {
    if (this.hasAttribute('data-ready')) return;
    event.preventDefault();
    this.#load();
  };

  #load = (): void => {
    if (this.#loading) return;
    this.#loading = true;
    this.#observer?.disconnect();
    this.removeEventListener('focusin', this.#load);
    void import('./quiz-controller').then(({ attachQuiz }) => attachQuiz(this));
  };
}
