import { memo, type ReactNode } from 'react';
import type { CheckResult, CheckStatus } from '../../schemas/check-result';
import EvidenceView from './EvidenceView';
import PositionLinks, { type GoToPosition } from './PositionLinks';

export interface CheckResultViewProps {
  result: CheckResult;
  /** The name to show: the test's own name when its describe blocks are shown as a heading. */
  title: string;
  open: boolean;
  editableFile: string;
  editorId: string;
  onGoTo: GoToPosition;
  /** Shown under a failure: the hints that help with it (CheckHint). */
  hint?: ReactNode;
}

const STATUS_TEXT: Record<CheckStatus, string> = {
  passed: 'Passed',
  failed: 'Failed',
  timeout: 'Timed out',
  error: 'Error',
  'not run': 'Not run',
};

/** A stopwatch drawn, not the ⏱ emoji, which shows as a box where no emoji font is installed. */
const TIMEOUT_ICON = (
  <svg className="lab-icon-timeout" viewBox="0 0 16 16" width="1em" height="1em" focusable="false">
    <circle cx="8" cy="9" r="5.75" fill="none" stroke="currentColor" strokeWidth="1.5" />
    <path d="M8 5.75V9l2.25 1.5M6 1.75h4" fill="none" stroke="currentColor" strokeWidth="1.5" />
  </svg>
);

const STATUS_ICON: Record<CheckStatus, ReactNode> = {
  passed: '✓',
  failed: '✗',
  timeout: TIMEOUT_ICON,
  error: '!',
  'not run': '–',
};

/**
 * One check's verdict. Everything here may come from learner code, so it is only ever rendered as text.
 * Memoised: a verdict never changes once received, and a run re-renders the list as each one arrives.
 */
function CheckResultView({
  result,
  title,
  open,
  editableFile,
  editorId,
  onGoTo,
  hint,
}: CheckResultViewProps) {
  const linked = (text: string) => (
    <PositionLinks text={text} file={editableFile} editorId={editorId} onGoTo={onGoTo} />
  );
  return (
    <li
      className={`lab-check lab-check-${result.status.replace(' ', '-')}`}
      data-status={result.status}
      data-check-name={result.name}
    >
      <details open={open}>
        <summary>
          <span className="lab-check-icon" aria-hidden="true">
            {STATUS_ICON[result.status]}
          </span>{' '}
          <span className="lab-check-status">{STATUS_TEXT[result.status]}:</span>{' '}
          <span className="lab-check-name" title={result.name}>
            {title}
          </span>
        </summary>
        {result.message && <pre className="lab-check-message">{linked(result.message)}</pre>}
        {result.diff ? (
          <pre className="lab-check-diff" aria-label="Expected and received">
            {result.diff}
          </pre>
        ) : (
          (result.expected !== undefined || result.received !== undefined) && (
            <dl className="lab-check-values">
              <dt>Expected</dt>
              <dd>
                <pre>{result.expected ?? '(nothing)'}</pre>
              </dd>
              <dt>Received</dt>
              <dd>
                <pre>{result.received ?? '(nothing)'}</pre>
              </dd>
            </dl>
          )
        )}
        {hint}
        {result.evidence.map((evidence, i) => (
          <EvidenceView key={i} evidence={evidence} />
        ))}
        {result.console.length > 0 && (
          <div className="lab-console">
            <p>Console output</p>
            <ol>
              {result.console.map((entry, i) => (
                <li key={i} data-level={entry.level}>
                  <span className="lab-console-level">{entry.level}</span> <code>{linked(entry.text)}</code>
                </li>
              ))}
            </ol>
          </div>
        )}
      </details>
    </li>
  );
}

export default memo(CheckResultView);
