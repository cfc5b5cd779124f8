import { loadPagefind, type PagefindResultData } from './pagefind-client';

const MAX_RESULTS = 8;

function template(): string {
  return `
<dialog class="search-dialog" aria-labelledby="search-dialog-title">
  <div class="search-dialog-head">
    <h2 id="search-dialog-title">Search the course</h2>
    <form method="dialog"><button class="button" value="close">Close</button></form>
  </div>
  <div role="search">
    <label class="visually-hidden" for="search-dialog-input">Search lessons</label>
    <input id="search-dialog-input" type="search" autofocus autocomplete="off" spellcheck="false" placeholder="Search lessons, e.g. audience">
  </div>
  <p class="search-status" role="status" aria-live="polite"></p>
  <ol class="search-results"></ol>
</dialog>`;
}

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

/** Builds the search dialog inside `<site-search>` and wires it to pagefind. */
export function mountSearchDialog(host: HTMLElement): void {
  host.insertAdjacentHTML('beforeend', template());
  const dialog = host.querySelector('dialog') as HTMLDialogElement;
  const input = dialog.querySelector('input') as HTMLInputElement;
  const status = dialog.querySelector('.search-status') as HTMLElement;
  const list = dialog.querySelector('.search-results') as HTMLOListElement;
  const basePath = document.documentElement.dataset['base'] ?? '/';
  let latest = 0;

  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  // A search field eats the first Escape (it clears itself); close on it regardless, as people expect.
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    dialog.close();
  });

  input.addEventListener('input', async () => {
    const term = input.value.trim();
    const run = ++latest;
    if (!term) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    try {
      const pagefind = await loadPagefind(basePath);
      const search = await pagefind.debouncedSearch(term, {}, 150);
      if (!search || run !== latest) return;
      const results = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
      if (run !== latest) return;
      list.replaceChildren(...results.map(renderResult));
      const count = search.results.length;
      status.textContent = count === 0 ? `No lessons match “${term}”.` : `${count} matching lessons.`;
    } catch {
      status.textContent = 'No search index here: it is built by npm run build (npm run dev has none).';
    }
  });
}
