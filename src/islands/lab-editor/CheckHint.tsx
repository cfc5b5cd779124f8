import { RenderedHint } from './HintsPanel';

export interface CheckHintProps {
  /** Revealed hints whose `for:` names this check. */
  revealed: string[];
  /** The next unrevealed hint for this check, if any. */
  next: string | undefined;
  onReveal: (id: string) => void;
}

/**
 * "Show a hint" right under the failure it helps with: a hint whose `for:` lists this check. The hints
 * revealed here also join the numbered list of hints below the failures.
 */
export default function CheckHint({ revealed, next, onReveal }: CheckHintProps) {
  if (revealed.length === 0 && next === undefined) return null;
  return (
    <div className="lab-check-hint">
      {revealed.map((id) => (
        <RenderedHint key={id} id={id} />
      ))}
      {next !== undefined && (
        <button type="button" onClick={() => onReveal(next)}>
          {revealed.length === 0 ? 'Show a hint' : 'Show another hint'}
        </button>
      )}
    </div>
  );
}
