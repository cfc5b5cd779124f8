import { forwardRef, useRef, type KeyboardEvent } from 'react';

export interface PlainEditorProps {
  label: string;
  value: string;
  readOnly: boolean;
  onChange: (code: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
}

/**
 * The textarea editor (phones, Monaco loading or unavailable) with line numbers beside it, so the
 * `line:col` of a result can be found. Lines do not wrap, so each number stays beside its line.
 */
const PlainEditor = forwardRef<HTMLTextAreaElement, PlainEditorProps>(function PlainEditor(
  { label, value, readOnly, onChange, onKeyDown },
  ref,
) {
  const gutter = useRef<HTMLPreElement>(null);
  const lines = value.split('\n').length;
  return (
    <div className="lab-plain">
      <pre className="lab-plain-gutter" aria-hidden="true" ref={gutter}>
        {Array.from({ length: lines }, (_, i) => i + 1).join('\n')}
      </pre>
      <textarea
        ref={ref}
        className="lab-plain-editor"
        aria-label={label}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        wrap="off"
        readOnly={readOnly}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
      />
    </div>
  );
});

export default PlainEditor;
