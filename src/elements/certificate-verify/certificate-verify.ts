import type { VerifiableLab } from '../../certificate/certificate-course';
import {
  verifyCertificate,
  type Finding,
  type LabVerdict,
  type VerifyReport,
} from '../../certificate/certificate-verify';
import { h } from '../certificate-dom/create-element';
import { readEmbeddedJson } from '../certificate-dom/read-embedded-json';

/** What the verify page embeds: every lab's current checks, so grading needs nothing but this page. */
export interface VerifyPageData {
  courseId: string;
  courseVersion: string;
  requiredLabIds: string[];
  labs: VerifiableLab[];
}

const VERDICT_TEXT = {
  valid:
    'Valid: every solution in this certificate passes this course’s checks, re-run just now in your browser.',
  tampered: 'Tampered: this certificate does not hold.',
  'checks-changed':
    'Not tampered with, but the course’s checks changed since this certificate was issued: see what still passes below.',
} as const;

/**
 * `<certificate-verify>` (verify page only): reads a certificate file, recomputes its code and re-runs
 * every solution in a lab worker (the same runner as the lab editor), showing each lab as it finishes.
 */
export class CertificateVerify extends HTMLElement {
  #data!: VerifyPageData;
  #output = h('div', { class: 'verify-output', 'aria-live': 'polite' });

  connectedCallback(): void {
    this.#data = readEmbeddedJson<VerifyPageData>('certificate-verify-data');
    const input = h('input', { type: 'file', id: 'certificate-file', accept: '.json,application/json' });
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) void file.text().then((text) => this.verify(text));
    });
    this.replaceChildren(
      h('label', { for: 'certificate-file' }, 'Certificate file (.json)'),
      input,
      this.#output,
    );
  }

  async verify(text: string): Promise<void> {
    const { createLabRunner } = await import('../../grading/browser/lab-runner');
    const labs = new Map(this.#data.labs.map((lab) => [lab.labId, lab]));
    const rows = h('tbody');
    const status = h(
      'p',
      { class: 'verify-status', 'data-verify-status': 'running' },
      'Re-running the checks on every solution…',
    );
    this.#output.replaceChildren(status);
    const report = await verifyCertificate(text, {
      courseId: this.#data.courseId,
      courseVersion: this.#data.courseVersion,
      requiredLabIds: this.#data.requiredLabIds,
      labs: Object.fromEntries(
        this.#data.labs.map((lab) => [lab.labId, { title: lab.title, checksHash: lab.checksHash }]),
      ),
      async grade(labId, code) {
        const lab = labs.get(labId)!;
        const runner = createLabRunner({
          labId,
          checks: lab.checks,
          editableFile: lab.editableFile,
          timeoutMs: lab.timeoutMs,
        });
        try {
          return await runner.run(code);
        } finally {
          runner.dispose();
        }
      },
      onLab: (verdict) => rows.append(labRow(verdict)),
    });
    this.#show(report, status, rows);
  }

  #show(report: VerifyReport, status: HTMLElement, rows: HTMLElement): void {
    if (report.kind === 'unreadable') {
      status.dataset['verifyStatus'] = 'unreadable';
      status.setAttribute('role', 'alert');
      status.textContent = `This file cannot be verified: ${report.message}`;
      status.dataset['errorCode'] = report.code;
      return;
    }
    const { certificate } = report;
    status.dataset['verifyStatus'] = report.verdict;
    status.textContent = VERDICT_TEXT[report.verdict];
    status.setAttribute('role', report.verdict === 'valid' ? 'status' : 'alert');
    this.#output.append(
      h(
        'dl',
        { class: 'verify-claims' },
        h('dt', {}, 'Name and date (the learner’s own statement)'),
        h('dd', {}, `${certificate.learner.name}, ${certificate.issuedAt}`),
        h('dt', {}, 'Course'),
        h('dd', {}, `${certificate.course.title} ${certificate.course.version}`),
        h('dt', {}, 'Verification code'),
        h(
          'dd',
          {},
          certificate.verificationCode,
          report.recomputedCode === certificate.verificationCode
            ? ' (matches the contents)'
            : ` (the contents give ${report.recomputedCode})`,
        ),
      ),
      ...findings('Tampered', 'verify-tampered', report.tampered),
      ...findings('Changed since it was issued', 'verify-changed', report.changed),
      h(
        'table',
        { class: 'verify-labs' },
        h('caption', {}, 'Each solution, re-run against this copy of the course'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Lab'),
            h('th', { scope: 'col' }, 'Result'),
            h('th', { scope: 'col' }, 'Checks'),
          ),
        ),
        rows,
      ),
    );
  }
}

function labRow(verdict: LabVerdict): HTMLTableRowElement {
  const result =
    verdict.status === 'unknown-lab'
      ? 'unknown lab: not run'
      : `${verdict.status === 'passes' ? 'passes' : 'fails'} (${verdict.passed}/${verdict.total})`;
  return h(
    'tr',
    { 'data-lab-result': verdict.labId, 'data-status': verdict.status },
    h('th', { scope: 'row' }, `${verdict.title} (${verdict.labId})`),
    h('td', {}, result),
    h('td', {}, verdict.checksChanged ? 'changed since issued' : 'same as when issued'),
  );
}

function findings(title: string, className: string, list: Finding<string>[]): HTMLElement[] {
  if (list.length === 0) return [];
  return [
    h(
      'section',
      { class: className },
      h('h3', {}, title),
      h('ul', {}, ...list.map((finding) => h('li', { 'data-code': finding.code }, finding.message))),
    ),
  ];
}
