import type { LabHint } from '../../components/lab-page/lab-island-props';
import LabMarkup from '../../components/lab-page/LabMarkup';

export interface HintsPanelProps {
  hints: LabHint[];
  revealed: number[];
  onReveal: () => void;
}

/** Hints appear one at a time, in the order the learner asked for them. Hint Markdown is parsed to data, never injected as HTML. */
export default function HintsPanel({ hints, revealed, onReveal }: HintsPanelProps) {
  if (hints.length === 0) return null;
  const left = hints.length - revealed.length;
  return (
    <section className="lab-hints" aria-label="Hints">
      {revealed.length > 0 && (
        <ol>
          {revealed.map((index, n) => (
            <li key={index}>
              <p className="lab-hint-label">Hint {n + 1}</p>
              <div className="lab-hint-text">
                <LabMarkup markdown={hints[index]!.text} />
              </div>
            </li>
          ))}
        </ol>
      )}
      <button type="button" onClick={onReveal} disabled={left === 0}>
        {left === 0
          ? 'No more hints'
          : revealed.length === 0
            ? 'Show a hint'
            : `Show another hint (${left} left)`}
      </button>
    </section>
  );
}
