/**
 * `<site-search>` wraps the header's search button and its dialog (SearchDialog.astro). The dialog opens at
 * once, its field focused, so letters typed right after `/` land in it; the code behind it and pagefind
 * load only on first use (click, `/` or Ctrl/⌘+K), so pages that are only read never download them.
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

  open(): Promise<void> {
    this.querySelector('dialog')?.showModal();
    return (this.#opening ??= import('./search-dialog').then((dialog) => dialog.attachSearchDialog(this)));
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
