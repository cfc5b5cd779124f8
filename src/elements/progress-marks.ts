/**
 * Runs on every page (imported by the shared element script, so it must stay tiny: no zod, no store; the
 * whole page budget is 3 KB gzip). Records the lesson being read, marks visited and completed lessons and
 * modules wherever a link carries `data-lesson-id` / `data-module-id` (progress-marks.css draws the marks),
 * turns the home page's start link into "continue where you left off", and warns when progress cannot be
 * read or saved (progress-warning.ts, loaded only then). A lesson is complete once its end (the prev/next links) was in view with every lab on it
 * passing; passing a lab above the end and then scrolling on completes it.
 */
import { progressKey } from '../progress/progress-key';
import { emptyProgress, migrateProgress } from '../progress/progress-migrate';
import './progress-marks.css';

type Lessons = { visited: Record<string, string>; completed: Record<string, string>; last?: Last };
type Last = { title: string; path: string };
type Labs = Record<string, { passing?: unknown } | undefined>;

const $ = (selector: string, within: ParentNode = document) => [
  ...within.querySelectorAll<HTMLElement>(selector),
];
const { base = '/', courseId = '' } = document.documentElement.dataset;
const key = progressKey(courseId, base);
const lessonId = $('[data-lesson-page]')[0]?.dataset['lessonPage'];
const now = () => new Date().toISOString();

/**
 * Reads the freshest stored document and, when `change` says it changed something, writes it back whole.
 * Any failure leaves the stored value as it was (setItem is all or nothing) and shows why.
 */
function progress(change?: (lessons: Lessons, labs: Labs) => unknown): Lessons | undefined {
  let lessons: Lessons | undefined;
  try {
    const raw = localStorage.getItem(key);
    const read = raw ? migrateProgress(JSON.parse(raw)) : { ok: true as const, doc: emptyProgress() };
    if (!read.ok) throw read.code;
    lessons = read.doc['lessons'] as Lessons;
    if (change?.(lessons, read.doc['labs'] as Labs)) {
      localStorage.setItem(key, JSON.stringify(read.doc));
      // Tells the store's subscribers (progress and certificate pages in other tabs) to re-read.
      if (globalThis.BroadcastChannel) new BroadcastChannel(key).postMessage(0);
    }
  } catch (error) {
    void import('./progress-warning').then((warning) => warning.showProgressWarning(error, base));
  }
  // After a failed write the marks still show what was read, this page's visit included.
  return lessons;
}

const lessons = progress(
  (lessons) =>
    lessonId &&
    (lessons.visited[lessonId] ??= now()) &&
    (lessons.last = {
      title: $('h1')[0]?.textContent?.trim() ?? '',
      path: location.pathname.slice(base.length),
    }),
);

function render(lessons: Lessons | undefined): void {
  if (!lessons) return;
  const { visited, completed, last } = lessons;
  const state = (id = '') => (completed[id] ? 'completed' : visited[id] ? 'visited' : '');
  for (const link of $('a[data-lesson-id]')) link.dataset['progress'] = state(link.dataset['lessonId']);
  for (const module of $('[data-module-id]')) {
    const states = $('a[data-lesson-id]', module).map((link) => link.dataset['progress']);
    module.dataset['progress'] = states.every((s) => s === 'completed') ? 'completed' : '';
  }
  const start = $('.hero a.start')[0] as HTMLAnchorElement | undefined;
  // Only a lesson path below the base is followed, so an edited document cannot send the learner elsewhere.
  if (start?.firstChild && last && /^[\w-]+\/[\w-]+\/$/.test(last.path)) {
    start.href = base + last.path;
    start.firstChild.textContent = `Continue with “${last.title}” `;
  }
}

render(lessons);
// Another tab's progress (a lesson completed, progress imported or cleared) shows here at once.
addEventListener('storage', (event) => event.key === key && render(progress()));

const end = $('.prev-next')[0];
if (lessonId && end) {
  new IntersectionObserver(([entry]) => {
    if (entry?.isIntersecting) {
      progress(
        (lessons, labs) =>
          !lessons.completed[lessonId] &&
          $('[data-lab-id]').every((lab) => labs[lab.dataset['labId']!]?.passing) &&
          (lessons.completed[lessonId] = now()),
      );
    }
  }).observe(end);
}
