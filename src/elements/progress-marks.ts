/**
 * Runs on every page (imported by the shared element script, so it must stay tiny: no zod, no store).
 * Records the lesson being read, marks visited and completed lessons and modules wherever a link carries
 * `data-lesson-id` / `data-module-id` (progress-marks.css draws the marks), turns the home page's start
 * link into "continue where you left off", and warns when progress cannot be read or saved.
 */
import { progressKey } from '../progress/progress-key';
import type { ProgressJson } from '../progress/progress-migrate';
import {
  readProgressDocument,
  safeLocalStorage,
  updateProgressDocument,
  watchProgress,
  type ProgressErrorCode,
} from '../progress/progress-storage';
import './progress-marks.css';

type Lessons = { visited: Record<string, string>; completed: Record<string, string>; last?: Last };
type Last = { id: string; title: string; path: string };

const WARNINGS: Record<ProgressErrorCode, string> = {
  ERR_STORAGE_FULL: 'Browser storage is full: new progress is not being saved.',
  ERR_STORAGE_UNAVAILABLE: 'This browser blocks storage: progress is not being kept.',
  ERR_STORAGE_CORRUPT: 'Your saved progress cannot be read; it was left untouched.',
  ERR_STORAGE_NEWER_VERSION: 'Your progress is from a newer version of this course; it was left untouched.',
};

const $ = (selector: string) => document.querySelector<HTMLElement>(selector);
const $$ = (selector: string, within: ParentNode = document) => [
  ...within.querySelectorAll<HTMLElement>(selector),
];
const { base = '/', courseId, themeKey = '' } = document.documentElement.dataset;
// BaseLayout's theme key is `<course id>:<base path>:theme`; a dedicated data-course-id wins when present.
const key = progressKey(courseId ?? themeKey.slice(0, -`:${base}:theme`.length), base);
const storage = safeLocalStorage();
const lessonId = $('[data-lesson-page]')?.dataset['lessonPage'];
const now = () => new Date().toISOString();
const lessonsOf = (doc: ProgressJson) => doc['lessons'] as Lessons;
let reachedEnd = false;

function warn(code: ProgressErrorCode): void {
  let note = $('.progress-warning');
  if (!note) {
    note = document.createElement('p');
    note.className = 'progress-warning';
    note.setAttribute('role', 'alert');
    $('main')?.prepend(note);
  }
  note.innerHTML = `${WARNINGS[code]} <a href="${base}progress/">Export or reset your progress</a>.`;
}

function write(mutate: (lessons: Lessons) => void): void {
  const result = updateProgressDocument(storage, key, (doc) => mutate(lessonsOf(doc)));
  if (!result.ok) warn(result.code);
}

function render(): void {
  const read = readProgressDocument(storage, key);
  if (!read.ok) return warn(read.code);
  const { visited, completed, last } = lessonsOf(read.doc);
  const state = (id = '') => (completed[id] ? 'completed' : visited[id] ? 'visited' : '');
  for (const link of $$('a[data-lesson-id]')) link.dataset['progress'] = state(link.dataset['lessonId']);
  for (const module of $$('[data-module-id]')) {
    const states = $$('a[data-lesson-id]', module).map((link) => link.dataset['progress']);
    module.dataset['progress'] = states.length && states.every((s) => s === 'completed') ? 'completed' : '';
  }
  const start = $('.hero a.start') as HTMLAnchorElement | null;
  const label = start?.firstChild;
  // Only a path below the base is followed, so a hand-edited document cannot send the learner elsewhere.
  if (start && last && label?.nodeType === 3 && /^[\w-]+\/[\w-]+\/$/.test(last.path)) {
    start.href = base + last.path;
    label.textContent = `Continue with “${last.title}” `;
  }
}

// A lesson is complete once its end was reached and every lab on it passed. Writes only on the change:
// every write notifies every listener, this one included.
function completeIfDone(): void {
  const read = readProgressDocument(storage, key);
  if (!reachedEnd || !lessonId || !read.ok || lessonsOf(read.doc).completed[lessonId]) return;
  const labs = read.doc['labs'] as Record<string, { passing?: unknown }>;
  if ($$('[data-lab-id]').every((lab) => labs[lab.dataset['labId']!]?.passing)) {
    write((lessons) => (lessons.completed[lessonId] ??= now()));
  }
}

if (lessonId) {
  write((lessons) => {
    lessons.visited[lessonId] ??= now();
    const title = $('h1')?.textContent?.trim() ?? lessonId;
    lessons.last = { id: lessonId, title, path: location.pathname.slice(base.length) };
  });
  const end = $('.prev-next');
  if (end) {
    new IntersectionObserver((entries) => {
      reachedEnd ||= entries.some((entry) => entry.isIntersecting);
      completeIfDone();
    }).observe(end);
  }
}
render();
watchProgress(key, () => {
  completeIfDone();
  render();
});
