import { useLayoutEffect, useRef } from 'react';
import type { LabHint } from '../../components/lab-page/lab-island-props';

export interface HintsPanelProps {
  hints: LabHint[];
  /** Ids of the revealed hints, in the order revealed. */
  revealed: string[];
  /** The revealed hints to list here: those not already shown under the failure they are for. */
  listed: string[];
  onReveal: () => void;
}

/**
 * Hints appear one at a time, in the order the learner asked for them. Their text is already in the page,
 * rendered at build time into a `<template data-hint-id>` next to the island (Lab.astro); a revealed hint
 * shows a copy of that template's content. No HTML passes through props.
 */
export default function HintsPanel({ hints, revealed, listed, onReveal }: HintsPanelProps) {
  if (hints.length === 0) return null;
  const left = hints.length - revealed.length;
  return (
    <section className="lab-hints" aria-label="Hints">
      {listed.length > 0 && (
        <ol>
          {listed.map((id) => (
            <li key={id}>
              <p className="lab-hint-label">Hint {revealed.indexOf(id) + 1}</p>
              <RenderedHint id={id} />
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

/** The pre-rendered hint with this id, from the lab section this island is in. */
export function RenderedHint({ id }: { id: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const target = ref.current;
    const source = target
      ?.closest('[data-lab-id]')
      ?.querySelector<HTMLTemplateElement>(`template[data-hint-id="${CSS.escape(id)}"]`);
    if (target && source) target.replaceChildren(source.content.cloneNode(true));
  }, [id]);
  return <div className="lab-hint-text" ref={ref} />;
}
