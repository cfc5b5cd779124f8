import { useEffect, useRef, useState } from 'react';
import type { MonacoTheme } from './monaco-setup';

export interface SolutionCompareProps {
  labId: string;
  mine: string;
  solution: string;
  theme: MonacoTheme;
  onClose: () => void;
}

/** Your code beside the reference, read-only on both sides: comparing never overwrites your work. */
export default function SolutionCompare({ labId, mine, solution, theme, onClose }: SolutionCompareProps) {
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let dispose: (() => void) | undefined;
    let cancelled = false;
    import('./monaco-setup')
      .then(({ mountDiffView }) => {
        if (cancelled || !host.current) return;
        dispose = mountDiffView(host.current, {
          labId,
          mine,
          solution,
          theme,
        }).dispose;
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      dispose?.();
    };
    // The comparison is a snapshot taken when it opens; edits show after closing and reopening.
  }, [labId, mine, solution, theme]);
  return (
    <section className="lab-compare" aria-label="Your code compared with the reference solution">
      <div className="lab-compare-bar">
        <p>Left: your code. Right: the reference solution. Nothing here changes your code.</p>
        <button type="button" onClick={onClose}>
          Close comparison
        </button>
      </div>
      {failed ? <pre className="lab-solution-text">{solution}</pre> : <div ref={host} className="lab-diff" />}
    </section>
  );
}
