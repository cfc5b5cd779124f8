import { useEffect, useState, type RefObject } from 'react';

/**
 * Focus mode: the lab fills the window, editor and results side by side, and the page behind it is
 * inert (neither focusable nor read out) until the learner leaves it with the button or Escape.
 */
export function useFocusMode(island: RefObject<HTMLElement | null>): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const root = island.current;
    if (!on || !root) return;
    const made: HTMLElement[] = [];
    for (let node: HTMLElement | null = root; node && node !== document.body; node = node.parentElement) {
      for (const sibling of node.parentElement?.children ?? []) {
        if (sibling !== node && sibling instanceof HTMLElement && !sibling.inert) {
          sibling.inert = true;
          made.push(sibling);
        }
      }
    }
    document.documentElement.classList.add('lab-focus-mode');
    const onKey = (event: KeyboardEvent) => {
      // Escape inside Monaco closes its own widgets first (suggestions, find): leave those alone.
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if ((event.target as HTMLElement).closest?.('.monaco-editor')) return;
      setOn(false);
    };
    document.addEventListener('keydown', onKey);
    return () => {
      for (const element of made) element.inert = false;
      document.documentElement.classList.remove('lab-focus-mode');
      document.removeEventListener('keydown', onKey);
    };
  }, [on, island]);
  return [on, setOn];
}
