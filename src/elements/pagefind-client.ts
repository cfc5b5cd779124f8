/** The part of pagefind's browser API (`pagefind/pagefind.js`, emitted by the build) the dialog uses. */
export interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
}
export interface PagefindApi {
  options(options: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  init(): Promise<void>;
  debouncedSearch(
    term: string,
    options?: object,
    debounceMs?: number,
  ): Promise<{ results: { id: string; data(): Promise<PagefindResultData> }[] } | null>;
}

let loading: Promise<PagefindApi> | null = null;

/**
 * Loads the index's JS from the site's own base path (never a CDN). Its wasm and index fragments are
 * fetched relative to that file, so the whole search stays under the base path.
 */
export function loadPagefind(basePath: string): Promise<PagefindApi> {
  loading ??= (async () => {
    const url = `${basePath}pagefind/pagefind.js`;
    const api = (await import(/* @vite-ignore */ url)) as PagefindApi;
    await api.options({ baseUrl: basePath, excerptLength: 24 });
    await api.init();
    return api;
  })();
  loading.catch(() => (loading = null));
  return loading;
}
