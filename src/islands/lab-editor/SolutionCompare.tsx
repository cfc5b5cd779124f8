import { useEffect, useRef, useState } from 'react';
import type { DiffViewHandle, MonacoTheme } from './monaco-setup';

export interface SolutionCompareProps {
  labId: string;
  mine: string;
  solution: string;
  theme: MonacoTheme;
  onClose: () => void;
}

/**
 * Your code beside the reference, read-only on both sides: comparing never overwrites your work. The
 * comparison is a snapshot of your code when it opens: typing meanwhile does not rebuild it.
 */
export default function SolutionCompare({ labId, mine, solution, theme, onClose }: SolutionCompareProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<DiffViewHandle | null>(null);
  const [failed, setFailed] = useState(false);
  const [ignoreComments, setIgnoreComments] = useState(false);
  const opened = useRef({ mine, theme, ignoreComments });

  useEffect(() => {
    let cancelled = false;
    import('./monaco-setup')
      .then(({ mountDiffView }) => {
        if (cancelled || !host.current) return;
        const { mine, theme, ignoreComments } = opened.current;
        view.current = mountDiffView(host.current, { labId, mine, solution, theme });
        if (ignoreComments) view.current.setIgnoreComments(true);
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      view.current?.dispose();
      view.current = null;
    };
  }, [labId, solution]);

  useEffect(() => {
    opened.current.ignoreComments = ignoreComments;
    view.current?.setIgnoreComments(ignoreComments);
  }, [ignoreComments]);

  return (
    <section className="lab-compare" aria-label="Your code compared with the reference solution">
      <div className="lab-compare-bar">
        <p>
          Left: your code when you opened this. Right: the reference solution. Nothing here changes your code.
        </p>
        <label className="lab-compare-option">
          <input
            type="checkbox"
            checked={ignoreComments}
            onChange={(e) => setIgnoreComments(e.currentTarget.checked)}
          />{' '}
          Ignore comments and whitespace
        </label>
        <button type="button" onClick={onClose}>
          Close comparison
        </button>
      </div>
      {failed ? <pre className="lab-solution-text">{solution}</pre> : <div ref={host} className="lab-diff" />}
    </section>
  );
}
