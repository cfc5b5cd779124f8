type Child = Node | string | false | undefined | null;

/**
 * Builds DOM from untrusted text safely: strings become text nodes, never markup (learner names and
 * certificate files come from anyone).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== false && child !== undefined && child !== null) element.append(child);
  }
  return element;
}
