/**
 * Runs on every page (imported by the shared element script, so it must stay tiny: no zod, no store; the
 * whole page budget is 3 KB gzip). Records the lesson being read, marks visited and completed lessons and
 * modules wherever a link carries `data-lesson-id` / `data-module-id` (progress-marks.css draws the marks),
 * turns the home page's start link into "continue where you left off", and warns when progress cannot be
 * read or saved (progress-warning.ts, loaded only then). Completion follows what the learner did
 * (progress-migrate.ts: labs passed and quizzes answered, or "Mark as done"), re-read whenever progress
 * changes in this tab (a lab passes, a quiz is checked) or another.
 */
import { progressKey } from '../progress/progress-key';
import {
  emptyProgress,
  lessonCompleted,
  migrateProgress,
  type CompletionProgress,
} from '../progress/progress-migrate';
import './progress-marks.css';

type Lessons = { visited: Record<string, string>; completed: Record<string, string>; last?: Last };
type Last = { title: string; path: string };
type Doc = CompletionProgress & { lessons: Lessons };

const $ = (selector: string, within: ParentNode = document) => [
  ...within.querySelectorAll<HTMLElement>(selector),
];
const { base = '/', courseId = '' } = document.documentElement.dataset;
const key = progressKey(courseId, base);
const lessonId = $('[data-lesson-page]')[0]?.dataset['lessonPage'];
// BaseLayout puts each lesson's lab and quiz ids (`[...labIds, ...quizIds]`, see lessonCompleted) on every page.
const needs = JSON.parse($('#lesson-needs')[0]!.textContent!) as Record<string, string[]>;
const now = () => new Date().toISOString();

/**
 * Reads the freshest stored document and, when `change` says it changed something, writes it back whole.
 * Any failure leaves the stored value as it was (setItem is all or nothing) and shows why.
 */
function progress(change?: (lessons: Lessons) => unknown): Doc | undefined {
  let doc: Doc | undefined;
  try {
    const raw = localStorage.getItem(key);
    const read = raw ? migrateProgress(JSON.parse(raw)) : { ok: true as const, doc: emptyProgress() };
    if (!read.ok) throw read.code;
    doc = read.doc as unknown as Doc;
    if (change?.(doc.lessons)) {
      localStorage.setItem(key, JSON.stringify(doc));
      // Tells the store's subscribers (progress and certificate pages in other tabs) to re-read.
      new BroadcastChannel(key).postMessage(0);
    }
  } catch (error) {
    void import('./progress-warning').then((warning) => warning.showProgressWarning(error, base));
  }
  // After a failed write the marks still show what was read, this page's visit included.
  return doc;
}

function render(doc: Doc | undefined): void {
  if (!doc) return;
  const { visited, completed, last } = doc.lessons;
  const state = (id = '') =>
    lessonCompleted(id, needs[id], doc) ? 'completed' : visited[id] ? 'visited' : '';
  for (const link of $('a[data-lesson-id]')) link.dataset['progress'] = state(link.dataset['lessonId']);
  for (const module of $('[data-module-id]')) {
    const states = $('a[data-lesson-id]', module).map((link) => link.dataset['progress']);
    module.dataset['progress'] = states.every((s) => s === 'completed') ? 'completed' : '';
  }
  // "Mark as done", on lessons without a lab or a quiz: pressing it again takes the mark back.
  for (const button of $('[data-mark-done]')) {
    button.ariaPressed = String(!!completed[lessonId!]);
    button.onclick = () =>
      render(
        progress((lessons) =>
          lessons.completed[lessonId!]
            ? delete lessons.completed[lessonId!]
            : (lessons.completed[lessonId!] = now()),
        ),
      );
  }
  const start = $('.hero a.start')[0] as HTMLAnchorElement | undefined;
  // Only a lesson path below the base is followed, so an edited document cannot send the learner elsewhere.
  if (start?.firstChild && last && /^[\w-]+\/[\w-]+\/$/.test(last.path)) {
    start.href = base + last.path;
    start.firstChild.textContent = `Continue with “${last.title}” `;
  }
}

render(
  progress(
    (lessons) =>
      lessonId &&
      (lessons.visited[lessonId] ??= now()) &&
      (lessons.last = {
        title: $('h1')[0]?.textContent?.trim() ?? '',
        path: location.pathname.slice(base.length),
      }),
  ),
);
// A lab passed or a quiz checked on this page, or any change in another tab, shows here at once: every
// writer of the document announces it on this channel (progress-storage.ts), which reaches all tabs.
const refresh = () => render(progress());
new BroadcastChannel(key).onmessage = refresh;
// Another tab's write reaches this tab's localStorage through the browser, apart from its announcement, which
// can come first (a busy machine): this tab then re-reads the old document. The storage event fires once the
// write has arrived (`key` null: storage cleared), as in watchProgress (progress-storage.ts).
addEventListener('storage', (event) => (event.key === key || event.key === null) && refresh());
