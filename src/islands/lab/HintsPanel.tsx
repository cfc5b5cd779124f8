import type { LabHint } from '../../components/lab/lab-island-props';
import { parseHint, type Inline } from './hint-markup';

function InlineView({ inline }: { inline: Inline }) {
  if (inline.kind === 'code') return <code>{inline.text}</code>;
  if (inline.kind === 'strong') return <strong>{inline.text}</strong>;
  if (inline.kind === 'em') return <em>{inline.text}</em>;
  return <>{inline.text}</>;
}

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
                {parseHint(hints[index]!.text).map((block, i) =>
                  block.kind === 'code' ? (
                    <pre key={i}>
                      <code>{block.text}</code>
                    </pre>
                  ) : (
                    <p key={i}>
                      {block.inlines.map((inline, j) => (
                        <InlineView key={j} inline={inline} />
                      ))}
                    </p>
                  ),
                )}
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
