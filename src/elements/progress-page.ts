import type { CertificateCourse } from '../certificate/certificate-course';
import { claimStatus } from '../certificate/claim-certificate';
import { lessonCompleted } from '../progress/progress-migrate';
import { openProgressStore, type ProgressStore } from '../progress/progress-store';
import { h } from './certificate-dom/create-element';
import { downloadFile } from './certificate-dom/download-file';
import { readEmbeddedJson } from './certificate-dom/read-embedded-json';

/**
 * `<progress-page>` (the "Your progress" page only; it loads zod through the store): what is saved in this
 * browser, export to a file, import from one (validated before anything changes), and clear with a
 * confirmation.
 */
export class ProgressPage extends HTMLElement {
  #course!: CertificateCourse;
  #store!: ProgressStore;
  #stop: (() => void) | undefined;
  #message: { text: string; ok: boolean } | undefined;

  connectedCallback(): void {
    this.#course = readEmbeddedJson<CertificateCourse>('certificate-course');
    this.#store = openProgressStore({ courseId: this.#course.id, basePath: this.#course.basePath });
    this.#stop = this.#store.subscribe(() => this.#render());
    this.#render();
  }

  disconnectedCallback(): void {
    this.#stop?.();
  }

  #render(): void {
    const read = this.#store.read();
    const date = new Date().toLocaleDateString('en-CA');
    const exportButton = button('Export my progress', () => {
      const file = this.#store.exportFile();
      if (file.ok) downloadFile(`${this.#course.id}-progress-${date}.json`, file.text);
      else this.#say(`Nothing could be exported: ${file.message}.`, false);
    });
    const input = h('input', { type: 'file', id: 'progress-import', accept: '.json,application/json' });
    input.addEventListener('change', () => void this.#import(input));
    const clear = button('Clear my progress…', () => {
      const sure = confirm(
        `Clear all your progress in ${this.#course.title} from this browser: lessons, quiz answers, lab code and your certificate? Export it first if you may want it back.`,
      );
      if (!sure) return;
      const result = this.#store.clear();
      this.#say(
        result.ok ? 'Your progress was cleared.' : `Nothing was cleared: ${result.message}.`,
        result.ok,
      );
    });
    const rescue = read.ok
      ? []
      : [
          h(
            'p',
            { class: 'progress-problem', role: 'alert', 'data-error-code': read.code },
            `Your saved progress cannot be used: ${read.message}. Nothing was overwritten. Download it as it is to keep a copy, then clear it to start again.`,
          ),
          button('Download the stored data as it is', () =>
            downloadFile(
              `${this.#course.id}-progress-unreadable-${date}.json`,
              this.#store.rawText() ?? '',
              'text/plain',
            ),
          ),
        ];
    this.replaceChildren(
      ...rescue,
      ...(read.ok ? [this.#summary(read.doc)] : []),
      h(
        'section',
        { 'aria-labelledby': 'progress-export-title' },
        h('h2', { id: 'progress-export-title' }, 'Move your progress'),
        h(
          'p',
          {},
          'Progress lives only in this browser. Export it to a file to keep a copy or to continue on another computer, then import it there.',
        ),
        ...(read.ok ? [exportButton] : []),
        h(
          'p',
          {},
          h(
            'label',
            { for: 'progress-import' },
            'Import progress from a file (replaces the progress in this browser)',
          ),
          input,
        ),
      ),
      h(
        'section',
        { 'aria-labelledby': 'progress-clear-title' },
        h('h2', { id: 'progress-clear-title' }, 'Start over'),
        clear,
      ),
      ...(this.#message
        ? [
            h(
              'p',
              {
                class: 'progress-message',
                role: this.#message.ok ? 'status' : 'alert',
                'data-ok': String(this.#message.ok),
              },
              this.#message.text,
            ),
          ]
        : []),
    );
  }

  #summary(doc: Parameters<typeof claimStatus>[0]): HTMLElement {
    const lessons = this.#course.modules.flatMap((module) => module.lessons);
    const done = (lesson: (typeof lessons)[number]) =>
      lessonCompleted(lesson.id, [...lesson.labIds, ...lesson.quizIds], doc);
    const completed = lessons.filter(done).length;
    const visited = lessons.filter((lesson) => doc.lessons.visited[lesson.id]).length;
    const status = claimStatus(doc, this.#course);
    const passed = status.labs.filter((lab) => lab.state === 'passed').length;
    const quizzes = Object.keys(doc.quizzes).length;
    return h(
      'section',
      { 'aria-labelledby': 'progress-summary-title', 'data-progress-summary': true },
      h('h2', { id: 'progress-summary-title' }, 'Saved in this browser'),
      h(
        'ul',
        {},
        h(
          'li',
          { 'data-summary': 'lessons' },
          `${completed} of ${lessons.length} lessons completed, ${visited} opened`,
        ),
        h('li', { 'data-summary': 'labs' }, `${passed} of ${status.labs.length} required labs passed`),
        h('li', { 'data-summary': 'quizzes' }, `${quizzes} ${quizzes === 1 ? 'quiz' : 'quizzes'} answered`),
      ),
      h(
        'table',
        { class: 'progress-lessons' },
        h('caption', {}, 'Lessons'),
        h('thead', {}, h('tr', {}, ...['Lesson', 'Status'].map((label) => h('th', { scope: 'col' }, label)))),
        h(
          'tbody',
          {},
          ...lessons.map((lesson) =>
            h(
              'tr',
              { 'data-lesson-row': lesson.id },
              h('th', { scope: 'row' }, h('a', { href: lesson.href }, lesson.title)),
              h('td', {}, lessonStatus(lesson, doc, done(lesson))),
            ),
          ),
        ),
      ),
      h(
        'table',
        { class: 'progress-labs' },
        h('caption', {}, 'Required labs'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Lab', 'Best run', 'Runs', 'First passed'].map((label) => h('th', { scope: 'col' }, label)),
          ),
        ),
        h(
          'tbody',
          {},
          ...status.labs.map(({ lab }) => {
            const saved = doc.labs[lab.labId];
            return h(
              'tr',
              { 'data-lab-row': lab.labId },
              h('th', { scope: 'row' }, h('a', { href: lab.lessonHref }, lab.title)),
              h('td', {}, saved?.best ? `${saved.best.passed} of ${saved.best.total}` : 'not run'),
              h('td', {}, String(saved?.attempts ?? 0)),
              h('td', {}, saved?.firstPassAt ? new Date(saved.firstPassAt).toLocaleString() : '—'),
            );
          }),
        ),
      ),
      h(
        'p',
        {},
        h(
          'a',
          { href: `${this.#course.basePath}certificate/` },
          status.ready ? 'Claim your certificate' : 'See what the certificate needs',
        ),
      ),
    );
  }

  async #import(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    const result = this.#store.importFile(await file.text());
    input.value = '';
    this.#say(
      result.ok
        ? `Progress imported from ${file.name}.`
        : `${file.name} was not imported, and nothing changed: ${result.message}`,
      result.ok,
    );
  }

  #say(text: string, ok: boolean): void {
    this.#message = { text, ok };
    this.#render();
    this.querySelector<HTMLElement>('.progress-message')?.focus();
  }
}

/** What is left to complete a lesson, in words: "completed", or what to do. */
function lessonStatus(
  lesson: CertificateCourse['modules'][number]['lessons'][number],
  doc: Parameters<typeof claimStatus>[0],
  completed: boolean,
): string {
  if (completed) return 'Completed';
  const labs = lesson.labIds.filter((lab) => !doc.labs[lab]?.passing).length;
  const quizzes = lesson.quizIds.filter((quiz) => !doc.quizzes[quiz]).length;
  const left = [
    ...(labs > 0 ? [`${labs} ${labs === 1 ? 'lab' : 'labs'} to pass`] : []),
    ...(quizzes > 0 ? [quizzes === 1 ? 'the quiz to answer' : `${quizzes} quizzes to answer`] : []),
  ];
  const todo = left.length > 0 ? left.join(', ') : 'not marked as done';
  return `${doc.lessons.visited[lesson.id] ? 'Opened' : 'Not opened'}: ${todo}`;
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const element = h('button', { type: 'button', class: 'button' }, label);
  element.addEventListener('click', onClick);
  return element;
}
