import { useEffect, useState } from 'react';
import type { MonacoTheme } from './monaco-setup';

/** The site's theme: `data-theme` on <html> when the learner chose one, else the OS preference. */
function readTheme(): MonacoTheme {
  const chosen = document.documentElement.dataset['theme'];
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function useSiteTheme(): MonacoTheme {
  const [theme, setTheme] = useState<MonacoTheme>('light');
  useEffect(() => {
    const update = () => setTheme(readTheme());
    update();
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    });
    const media = matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', update);
    return () => {
      observer.disconnect();
      media.removeEventListener('change', update);
    };
  }, []);
  return theme;
}
