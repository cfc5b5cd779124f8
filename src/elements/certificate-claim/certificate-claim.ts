import type { CertificateCourse } from '../../certificate/certificate-course';
import { buildCertificate, claimStatus, type LabClaimState } from '../../certificate/claim-certificate';
import type { CertificateFile } from '../../certificate/certificate-schema';
import { openProgressStore, type ProgressStore } from '../../progress/progress-store';
import { h } from '../certificate-dom/create-element';
import { downloadFile } from '../certificate-dom/download-file';
import { readEmbeddedJson } from '../certificate-dom/read-embedded-json';
import { renderCertificate } from '../certificate-dom/render-certificate';

const STATE_TEXT: Record<LabClaimState, string> = {
  passed: 'passed',
  'not-passed': 'not passed yet',
  'passed-old-checks': 'passed against older checks: run it again',
};

/**
 * `<certificate-claim>` (certificate page only): lists the required labs with their state, and once all
 * pass, asks for a name, builds the certificate file, keeps it with the progress and shows it for printing.
 */
export class CertificateClaim extends HTMLElement {
  #course!: CertificateCourse;
  #store!: ProgressStore;
  #stop: (() => void) | undefined;
  #message = '';
  /** A certificate created while storage refused to keep it: shown (and downloadable) until the next claim. */
  #unsaved: CertificateFile | undefined;

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
    if (!read.ok) {
      this.replaceChildren(
        h(
          'p',
          { class: 'claim-problem', role: 'alert' },
          `Your progress cannot be read (${read.message}). `,
          h('a', { href: `${this.#course.basePath}progress/` }, 'Export or reset it on the progress page'),
          '.',
        ),
      );
      return;
    }
    const status = claimStatus(read.doc, this.#course);
    const passed = status.labs.filter((entry) => entry.state === 'passed').length;
    const list = h(
      'ul',
      { class: 'claim-labs' },
      ...status.labs.map(({ lab, state }) =>
        h(
          'li',
          { 'data-lab-state': state, 'data-claim-lab': lab.labId },
          h('a', { href: lab.lessonHref }, lab.title),
          ` (${lab.lessonTitle}): `,
          h('span', { class: 'claim-state' }, STATE_TEXT[state]),
        ),
      ),
    );
    const summary = h(
      'p',
      { class: 'claim-summary', 'data-claim-ready': String(status.ready) },
      status.ready
        ? `All ${status.labs.length} required labs pass. You can claim your certificate.`
        : `${passed} of ${status.labs.length} required labs pass. Pass the others to claim your certificate.`,
    );
    const form = status.ready ? this.#form(read.doc.certificate?.learner.name ?? '') : undefined;
    const issued = this.#unsaved ?? read.doc.certificate;
    this.replaceChildren(
      h(
        'section',
        { class: 'claim-status no-print', 'aria-labelledby': 'claim-status-title' },
        h('h2', { id: 'claim-status-title' }, 'Required labs'),
        summary,
        list,
      ),
      ...(form ? [form] : []),
      ...(this.#message ? [h('p', { class: 'claim-problem no-print', role: 'alert' }, this.#message)] : []),
      ...(issued && issued.course.version === this.#course.version ? [this.#issued(issued)] : []),
    );
  }

  #form(name: string): HTMLFormElement {
    const input = h('input', {
      id: 'certificate-name',
      name: 'name',
      required: true,
      maxlength: '120',
      autocomplete: 'name',
      value: name,
    });
    const form = h(
      'form',
      { class: 'claim-form no-print' },
      h('label', { for: 'certificate-name' }, 'Your name, as it should appear on the certificate'),
      input,
      h('button', { type: 'submit', class: 'button' }, 'Create my certificate'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#claim(input.value);
    });
    return form;
  }

  async #claim(name: string): Promise<void> {
    const read = this.#store.read();
    if (!read.ok) return this.#render();
    // The learner's own calendar date: the certificate says when they claimed it, as they state it.
    const today = new Date().toLocaleDateString('en-CA');
    const result = await buildCertificate(read.doc, this.#course, name, today);
    this.#unsaved = undefined;
    if (!result.ok) {
      this.#message = result.message;
    } else {
      const saved = this.#store.saveCertificate(result.certificate);
      this.#message = saved.ok
        ? ''
        : `The certificate was created but could not be kept in this browser (${saved.message}): download the file now.`;
      if (!saved.ok) this.#unsaved = result.certificate;
    }
    this.#render();
    if (result.ok) this.querySelector<HTMLElement>('.certificate-actions button')?.focus();
  }

  #issued(certificate: CertificateFile): HTMLElement {
    const verifyUrl = new URL(`${this.#course.basePath}certificate/verify/`, location.href).href;
    const print = h('button', { type: 'button', class: 'button' }, 'Print or save as PDF');
    print.addEventListener('click', () => print.ownerDocument.defaultView?.print());
    const download = h(
      'button',
      { type: 'button', class: 'button', 'data-download-certificate': true },
      'Download the certificate file',
    );
    download.addEventListener('click', () =>
      downloadFile(
        `${certificate.course.id}-certificate-${certificate.verificationCode}.json`,
        `${JSON.stringify(certificate, null, 2)}\n`,
      ),
    );
    return h(
      'section',
      { class: 'claim-issued', 'aria-label': 'Your certificate' },
      h(
        'div',
        { class: 'certificate-actions no-print' },
        print,
        download,
        h('a', { href: `${this.#course.basePath}certificate/verify/` }, 'Verify a certificate'),
      ),
      renderCertificate(certificate, this.#course.publisher, verifyUrl),
    );
  }
}
