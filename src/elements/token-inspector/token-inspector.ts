/**
 * `<token-inspector>`: the decoder loads on the first interaction (focus, typing, paste or the button),
 * so pages that show the inspector pay nothing until it is used.
 */
export class TokenInspector extends HTMLElement {
  private loading: Promise<void> | undefined;

  connectedCallback(): void {
    const load = () => {
      this.loading ??= import('./inspector-controller').then(({ attachInspector }) => attachInspector(this));
    };
    for (const type of ['focusin', 'input', 'paste', 'click'] as const) {
      this.addEventListener(type, load, { once: true });
    }
  }
}
