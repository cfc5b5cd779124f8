import { lessonCompleted } from '../progress/progress-migrate';
import type { ProgressDocument } from '../progress/progress-schema';
import type { CertificateCourse, CertificateCourseLab } from './certificate-course';
import { courseChecksHash, verificationCode } from './certificate-hash';
import { CERTIFICATE_FORMAT, CERTIFICATE_FORMAT_VERSION, type CertificateFile } from './certificate-schema';

/**
 * `passed-old-checks`: it passed, but against checks that have changed since; the learner must run it
 * again, because a certificate only captures code that passes the checks this copy of the course ships.
 */
export type LabClaimState = 'passed' | 'not-passed' | 'passed-old-checks';

export interface ClaimStatus {
  ready: boolean;
  labs: { lab: CertificateCourseLab; state: LabClaimState }[];
  modulesCompleted: { id: string; title: string }[];
}

export function claimStatus(doc: ProgressDocument, course: CertificateCourse): ClaimStatus {
  const passing = (labId: string) => doc.labs[labId]?.passing;
  const stateOf = (lab: CertificateCourseLab): LabClaimState => {
    const passed = passing(lab.labId);
    return !passed ? 'not-passed' : passed.checksHash === lab.checksHash ? 'passed' : 'passed-old-checks';
  };
  const labs = course.requiredLabs.map((lab) => ({ lab, state: stateOf(lab) }));
  // A module counts as completed when every lesson in it is: its labs passed and its quiz answered (or,
  // for a lesson with neither, marked as done), whether or not the module has labs.
  const modulesCompleted = course.modules
    .filter(
      (module) =>
        module.lessons.length > 0 &&
        module.lessons.every((lesson) =>
          lessonCompleted(lesson.id, [...lesson.labIds, ...lesson.quizIds], doc),
        ),
    )
    .map(({ id, title }) => ({ id, title }));
  return { ready: labs.every((entry) => entry.state === 'passed'), labs, modulesCompleted };
}

export type ClaimResult =
  | { ok: true; certificate: CertificateFile }
  | { ok: false; code: 'ERR_CLAIM_NOT_READY' | 'ERR_CLAIM_NAME'; message: string };

/** The certificate file for a learner whose every required lab passes the current checks. */
export async function buildCertificate(
  doc: ProgressDocument,
  course: CertificateCourse,
  name: string,
  issuedAt: string,
): Promise<ClaimResult> {
  const status = claimStatus(doc, course);
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 120) {
    return {
      ok: false,
      code: 'ERR_CLAIM_NAME',
      message: 'Enter the name to print on the certificate (1 to 120 characters).',
    };
  }
  if (!status.ready) {
    const missing = status.labs.filter((entry) => entry.state !== 'passed').map((entry) => entry.lab.title);
    return {
      ok: false,
      code: 'ERR_CLAIM_NOT_READY',
      message: `These labs must pass first: ${missing.join(', ')}.`,
    };
  }
  const labs = status.labs.map(({ lab }) => {
    const passed = doc.labs[lab.labId]!.passing!;
    return {
      labId: lab.labId,
      title: lab.title,
      code: passed.code,
      checksHash: passed.checksHash,
      starterHash: passed.starterHash,
      passedAt: passed.passedAt,
    };
  });
  const unsigned = {
    format: CERTIFICATE_FORMAT,
    formatVersion: CERTIFICATE_FORMAT_VERSION,
    course: {
      id: course.id,
      title: course.title,
      version: course.version,
      checksHash: await courseChecksHash(labs),
    },
    learner: { name: trimmed },
    issuedAt,
    modulesCompleted: status.modulesCompleted,
    labs,
  } as const;
  return { ok: true, certificate: { ...unsigned, verificationCode: await verificationCode(unsigned) } };
}
