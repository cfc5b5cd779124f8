/**
 * `<nav-toggle>` wraps the button that shows or hides the course outline on narrow screens. It keeps
 * `aria-expanded` on the button and `data-open` on the element named by the button's `aria-controls`.
 */
export class NavToggle extends HTMLElement {
  #button: HTMLButtonElement | null = null;

  connectedCallback(): void {
    this.#button = this.querySelector('button');
    this.#button?.addEventListener('click', this.#onClick);
    document.addEventListener('keydown', this.#onKeydown);
  }

  disconnectedCallback(): void {
    this.#button?.removeEventListener('click', this.#onClick);
    document.removeEventListener('keydown', this.#onKeydown);
  }

  #target(): HTMLElement | null {
    const id = this.#button?.getAttribute('aria-controls');
    return id ? document.getElementById(id) : null;
  }

  #set(open: boolean): void {
    this.#button?.setAttribute('aria-expanded', String(open));
    this.#target()?.toggleAttribute('data-open', open);
  }

  #onClick = (): void => {
    this.#set(this.#button?.getAttribute('aria-expanded') !== 'true');
  };

  #onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || this.#button?.getAttribute('aria-expanded') !== 'true') return;
    this.#set(false);
    this.#button.focus();
  };
}
