/**
 * `npm run verify:certificate -- <certificate.json> [--json]`
 *
 * Does what the site's "verify a certificate" page does, from the command line: checks that the
 * verification code matches the file's contents and re-runs the grader (the same sandbox as `npm run
 * grade`) on every solution in it against the checks in labs/. Exit 0 when it holds, 1 when the file is
 * tampered with or unreadable, 3 when it holds only against checks that changed since it was issued, 2 for
 * a usage error. It proves that this code passes this course's checks; not who wrote it, and the name and
 * date are the learner's own statement.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import course from '../course.config';
import { courseLabsOnDisk } from '../src/certificate/course-labs-on-disk';
import { readCertificate, verifyCertificate } from '../src/certificate/certificate-verify';
import { gradeSubmissions } from '../src/grading/node/grade-submission';
import { crashedRunReport } from '../src/grading/core/run-report';

const USAGE = 'usage: npm run verify:certificate -- <certificate.json> [--json]';
const args = process.argv.slice(2);
const json = args.includes('--json');
const files = args.filter((arg) => arg !== '--json');
if (files.length !== 1 || args.some((arg) => arg.startsWith('--') && arg !== '--json')) {
  process.stderr.write(`verify-certificate: expected one certificate file\n${USAGE}\n`);
  process.exit(2);
}
const path = resolve(files[0]!);
if (!existsSync(path)) {
  process.stderr.write(`verify-certificate: no such file: ${files[0]}\n${USAGE}\n`);
  process.exit(2);
}
const text = readFileSync(path, 'utf8');
const disk = courseLabsOnDisk(course.certificateLabs);

// Grade every known lab of the file in one sandboxed grader process, then let the verifier read the results.
const read = readCertificate(text, course.id);
const known = read.ok ? read.certificate.labs.filter((lab) => disk.labs.has(lab.labId)) : [];
const reports = await gradeSubmissions(
  known.map((lab) => ({ lab: disk.labs.get(lab.labId)!, code: lab.code })),
);
const graded = new Map(known.map((lab, index) => [`${lab.labId}\n${lab.code}`, reports[index]!]));

const report = await verifyCertificate(text, {
  courseId: course.id,
  courseVersion: course.version,
  labs: Object.fromEntries(
    [...disk.labs].map(([id, lab]) => [id, { title: lab.meta.title, checksHash: lab.checksHash }]),
  ),
  requiredLabIds: disk.requiredLabIds,
  // A lab the grader returned nothing for fails: the verify fails closed.
  grade: async (labId, code) =>
    graded.get(`${labId}\n${code}`) ?? crashedRunReport('the grader returned no report for this lab'),
});

if (json) {
  const { certificate: _certificate, ...rest } =
    report.kind === 'checked' ? report : { ...report, certificate: undefined };
  process.stdout.write(`${JSON.stringify(rest, null, 2)}\n`);
} else if (report.kind === 'unreadable') {
  process.stdout.write(`UNREADABLE (${report.code}): ${report.message}\n`);
} else {
  const { certificate } = report;
  process.stdout.write(
    `${certificate.course.title} ${certificate.course.version}, code ${certificate.verificationCode}\n` +
      `Name and date as stated by the learner: ${certificate.learner.name}, ${certificate.issuedAt}\n\n`,
  );
  for (const lab of report.labs) {
    const status =
      lab.status === 'unknown-lab'
        ? 'UNKNOWN LAB'
        : `${lab.status === 'passes' ? 'PASSES' : 'FAILS'} ${lab.passed}/${lab.total}`;
    process.stdout.write(
      `  ${status.padEnd(14)} ${lab.labId}${lab.checksChanged ? ' (checks changed since issued)' : ''}\n`,
    );
  }
  for (const finding of report.tampered)
    process.stdout.write(`\nTAMPERED (${finding.code}): ${finding.message}`);
  for (const finding of report.changed)
    process.stdout.write(`\nCHANGED SINCE ISSUED (${finding.code}): ${finding.message}`);
  const verdicts = {
    valid: 'VALID: every solution passes this course’s current checks.',
    tampered: 'TAMPERED: this certificate does not hold.',
    'checks-changed':
      'CHECKS CHANGED: not tampered with, but the course’s checks differ from the ones it was issued against.',
  };
  process.stdout.write(`\n${verdicts[report.verdict]}\n`);
  process.stdout.write(
    'This shows that this code passes this course’s checks; it does not show who wrote it.\n',
  );
}
process.exit(
  report.kind === 'unreadable' ? 1 : { valid: 0, tampered: 1, 'checks-changed': 3 }[report.verdict],
);
