export type Theme = 'light' | 'dark';

const root = () => document.documentElement;
/** Per course and base path, so two courses on one origin keep their own choice (see theme-init.js). */
const storageKey = () => root().dataset['themeKey'] ?? 'theme';

/** The theme on screen: the stored choice, else the OS preference. */
export function currentTheme(): Theme {
  const chosen = root().dataset['theme'];
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Shows and remembers a theme; the stored value is read back by theme-init.js before first paint. */
export function chooseTheme(theme: Theme): void {
  root().dataset['theme'] = theme;
  try {
    localStorage.setItem(storageKey(), theme);
  } catch {
    // Storage disabled: the choice lasts for this page only.
  }
}
