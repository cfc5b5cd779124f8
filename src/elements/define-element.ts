/** Registers a custom element once, so a page that loads the shared script twice stays quiet. */
export function defineElement(name: string, element: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, element);
}
