import type { CertificateFile } from '../../certificate/certificate-schema';
import { h } from './create-element';
import { DOES_NOT_PROVE, PROVES } from './honest-claim';

/** The printable certificate: one page with the name, course, modules, date and verification code. */
export function renderCertificate(
  certificate: CertificateFile,
  publisher: string,
  verifyUrl: string,
): HTMLElement {
  const date = new Date(`${certificate.issuedAt}T12:00:00Z`).toLocaleDateString('en', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const modules = certificate.modulesCompleted;
  return h(
    'article',
    { class: 'certificate', 'aria-label': 'Certificate' },
    h('p', { class: 'certificate-kicker' }, 'Certificate of completion'),
    h('p', { class: 'certificate-name', 'data-certificate-name': true }, certificate.learner.name),
    h('p', {}, 'passed every required lab of'),
    h('h2', { class: 'certificate-course' }, `${certificate.course.title}`),
    h('p', { class: 'certificate-version' }, `version ${certificate.course.version} · ${publisher}`),
    modules.length > 0 &&
      h(
        'div',
        { class: 'certificate-modules' },
        h('p', {}, `Modules completed (${modules.length}):`),
        h('ul', {}, ...modules.map((module) => h('li', {}, module.title))),
      ),
    h(
      'p',
      { class: 'certificate-labs' },
      `${certificate.labs.length} labs passed: ${certificate.labs.map((lab) => lab.title).join(', ')}.`,
    ),
    h('p', { class: 'certificate-date' }, `Issued ${date}`),
    h(
      'p',
      { class: 'certificate-code' },
      'Verification code ',
      h('strong', { 'data-verification-code': true }, certificate.verificationCode),
    ),
    h(
      'div',
      { class: 'certificate-honesty' },
      h(
        'p',
        {},
        h('strong', {}, 'What this proves. '),
        PROVES,
        ` Verify at ${verifyUrl} with the certificate file.`,
      ),
      h('p', {}, h('strong', {}, 'What it does not. '), DOES_NOT_PROVE),
    ),
  );
}
