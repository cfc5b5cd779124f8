/**
 * `<token-inspector>`: the decoder loads on the first interaction (focus, typing, paste or the button),
 * so pages that show the inspector pay nothing until it is used. An inspector that shows an example token
 * decodes it as soon as it scrolls into view: the learner sees what the token holds without a click.
 */
export class TokenInspector extends HTMLElement {
  private loading: Promise<void> | undefined;
  private observer: IntersectionObserver | undefined;

  connectedCallback(): void {
    const load = () => {
      this.observer?.disconnect();
      this.loading ??= import('./inspector-controller').then(({ attachInspector }) => attachInspector(this));
    };
    for (const type of ['focusin', 'input', 'paste', 'click'] as const) {
      this.addEventListener(type, load, { once: true });
    }
    if (this.querySelector('textarea')?.value.trim()) {
      this.observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) load();
      });
      this.observer.observe(this);
    }
  }

  disconnectedCallback(): void {
    this.observer?.disconnect();
  }
}
