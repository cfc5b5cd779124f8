import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import ResultsPanel from '../../../src/islands/lab-editor/ResultsPanel';
import type { RunState } from '../../../src/islands/lab-editor/lab-session';
import type { RunReport } from '../../../src/islands/lab-editor/lab-runner-port';

const done = (report: Partial<RunReport>): RunState => ({
  status: 'done',
  code: '',
  report: { status: 'completed', results: [], passed: 0, total: 0, durationMs: 1, network: [], ...report },
});
const render = (run: RunState) =>
  renderToStaticMarkup(
    createElement(ResultsPanel, {
      run,
      editableFile: 'a.ts',
      editorId: 'e',
      onGoTo: () => {},
      labHints: [],
      revealedHints: [],
      onRevealHint: () => {},
    }),
  );

describe('the results view names the run seed', () => {
  it('shows the seed of a finished run with the command that replays it, outside the status line', () => {
    const html = render(done({ seed: 3_141_592 }));
    expect(html).toMatch(/<p class="lab-run-seed">Run seed 3141592: .*--seed 3141592/);
    expect(/<p role="status"[^>]*>(.*?)<\/p>/.exec(html)?.[1]).not.toContain('3141592');
  });

  it('shows no seed line for a run that has none', () => {
    expect(render(done({}))).not.toContain('lab-run-seed');
    expect(render({ status: 'idle' })).not.toContain('lab-run-seed');
  });
});
