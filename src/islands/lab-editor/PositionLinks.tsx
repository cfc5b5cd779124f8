import { Fragment } from 'react';

/** Moves the editor's cursor to a 1-based line and column of the learner's file, and focuses it. */
export type GoToPosition = (line: number, column: number) => void;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Text from a result with every `file:line:col` (or `file:line`) of the learner's file turned into a link
 * that moves the editor's cursor there. Still rendered as text only: the text may come from learner code.
 */
export default function PositionLinks({
  text,
  file,
  editorId,
  onGoTo,
}: {
  text: string;
  file: string;
  editorId: string;
  onGoTo: GoToPosition;
}) {
  const pattern = new RegExp(`(?:lab:///)?${escape(file)}:(\\d+)(?::(\\d+))?`, 'g');
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const line = Number(match[1]);
    const column = match[2] === undefined ? 1 : Number(match[2]);
    parts.push(text.slice(last, match.index));
    parts.push(
      <a
        key={match.index}
        className="lab-position"
        href={`#${editorId}`}
        aria-label={`${match[0]}: go to line ${line}, column ${column} in the editor`}
        onClick={(event) => {
          event.preventDefault();
          onGoTo(line, column);
        }}
      >
        {match[0]}
      </a>,
    );
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return <Fragment>{parts}</Fragment>;
}
