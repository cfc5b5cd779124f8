/**
 * `<site-search>` wraps the header's search button. The dialog and pagefind load only on first use
 * (click, `/` or Ctrl/⌘+K), so pages that are only read never download them.
 */
export class SiteSearch extends HTMLElement {
  #opening: Promise<void> | null = null;

  connectedCallback(): void {
    const button = this.querySelector('button');
    if (!button) return;
    button.hidden = false;
    button.addEventListener('click', () => void this.open());
    document.addEventListener('keydown', this.#onKeydown);
  }

  disconnectedCallback(): void {
    document.removeEventListener('keydown', this.#onKeydown);
  }

  async open(): Promise<void> {
    this.#opening ??= import('./search-dialog').then(({ mountSearchDialog }) => mountSearchDialog(this));
    await this.#opening;
    this.querySelector('dialog')?.showModal();
  }

  #onKeydown = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement | null;
    const typing = target?.closest('input, textarea, select, [contenteditable], .monaco-editor');
    const slash = event.key === '/' && !typing;
    const shortcut = event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey);
    if (!slash && !shortcut) return;
    event.preventDefault();
    void this.open();
  };
}
