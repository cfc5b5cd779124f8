import { chooseTheme, currentTheme } from './theme-preference';

/**
 * `<theme-toggle>` wraps a button that switches between light and dark and persists the choice.
 * The button's label always names the theme it switches to.
 */
export class ThemeToggle extends HTMLElement {
  #button: HTMLButtonElement | null = null;

  connectedCallback(): void {
    this.#button = this.querySelector('button');
    if (!this.#button) return;
    this.#button.hidden = false;
    this.#button.addEventListener('click', this.#toggle);
    this.#render();
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', this.#render);
  }

  disconnectedCallback(): void {
    this.#button?.removeEventListener('click', this.#toggle);
    matchMedia('(prefers-color-scheme: dark)').removeEventListener('change', this.#render);
  }

  #toggle = (): void => {
    chooseTheme(currentTheme() === 'dark' ? 'light' : 'dark');
    this.#render();
  };

  #render = (): void => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    this.#button?.setAttribute('aria-label', `Switch to ${next} theme`);
    this.dataset['current'] = currentTheme();
  };
}
