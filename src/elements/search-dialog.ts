import { loadPagefind, type PagefindResultData } from './pagefind-client';

const MAX_RESULTS = 8;

function renderResult(result: PagefindResultData): HTMLLIElement {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = result.url;
  link.textContent = result.meta.title ?? result.url;
  const excerpt = document.createElement('p');
  // pagefind escapes the indexed text and adds only <mark> around matches.
  excerpt.innerHTML = result.excerpt;
  item.append(link, excerpt);
  return item;
}

/** "1 matching page", "3 matching pages": lessons, module pages and the glossary are all indexed. */
export function matchSentence(count: number, term: string): string {
  return count === 0 ? `Nothing matches “${term}”.` : `${count} matching ${count === 1 ? 'page' : 'pages'}.`;
}

/**
 * Wires the search dialog inside `<site-search>` (SearchDialog.astro) to pagefind, and searches at once for
 * whatever was typed while this code loaded. The arrow keys move between the field and the results; focus
 * stays in the dialog until it closes.
 */
export function attachSearchDialog(host: HTMLElement): void {
  const dialog = host.querySelector('dialog') as HTMLDialogElement;
  const input = dialog.querySelector('input') as HTMLInputElement;
  const status = dialog.querySelector('.search-status') as HTMLElement;
  const list = dialog.querySelector('.search-results') as HTMLOListElement;
  const basePath = document.documentElement.dataset['base'] ?? '/';
  let latest = 0;

  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  dialog.addEventListener('keydown', (event) => {
    // A search field eats the first Escape (it clears itself); close on it regardless, as people expect.
    if (event.key === 'Escape') {
      event.preventDefault();
      dialog.close();
      return;
    }
    const stops = [input, ...list.querySelectorAll('a')];
    const at = stops.indexOf(document.activeElement as HTMLInputElement);
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0 && at >= 0 && stops.length > 1) {
      event.preventDefault();
      stops[(at + step + stops.length) % stops.length]!.focus();
      return;
    }
    // Tab and Shift+Tab go round the dialog's controls instead of leaving for the browser's.
    const focusable = [...dialog.querySelectorAll<HTMLElement>('button, input, a[href]')];
    const edge = event.shiftKey ? focusable[0] : focusable.at(-1);
    if (event.key === 'Tab' && document.activeElement === edge) {
      event.preventDefault();
      (event.shiftKey ? focusable.at(-1) : focusable[0])!.focus();
    }
  });
  // A click on the dialog's text, or results replaced under the focused one, would drop focus to the page.
  dialog.addEventListener('focusout', (event) => {
    if (dialog.open && !dialog.contains(event.relatedTarget as Node | null)) {
      setTimeout(() => dialog.open && !dialog.contains(document.activeElement) && input.focus());
    }
  });

  const search = async () => {
    const term = input.value.trim();
    const run = ++latest;
    if (!term) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    try {
      const pagefind = await loadPagefind(basePath);
      const found = await pagefind.debouncedSearch(term, {}, 150);
      if (!found || run !== latest) return;
      const results = await Promise.all(found.results.slice(0, MAX_RESULTS).map((r) => r.data()));
      if (run !== latest) return;
      const hadFocus = list.contains(document.activeElement);
      list.replaceChildren(...results.map(renderResult));
      if (hadFocus) input.focus();
      status.textContent = matchSentence(found.results.length, term);
    } catch {
      status.textContent = 'No search index here: it is built by npm run build (npm run dev has none).';
    }
  };
  input.addEventListener('input', () => void search());
  if (input.value.trim()) void search();
}
