import { courseChecksHash, verificationCode } from './certificate-hash';
import { CERTIFICATE_FORMAT, CertificateFileSchema, type CertificateFile } from './certificate-schema';
import { schemaIssues } from '../schemas/schema-issues';

/** Why a file is not a readable certificate of this course at all. */
export type CertificateFileErrorCode =
  'ERR_CERT_NOT_JSON' | 'ERR_CERT_NOT_CERTIFICATE' | 'ERR_CERT_INVALID' | 'ERR_CERT_OTHER_COURSE';

/** The file was changed after it was issued, or never passed: reported as tampered. */
type TamperCode =
  'ERR_CERT_CODE_MISMATCH' | 'ERR_CERT_INCONSISTENT' | 'ERR_CERT_UNKNOWN_LAB' | 'ERR_CERT_SOLUTION_FAILS';

/** The course changed since the certificate was issued: reported apart from tampering. */
type ChangeCode =
  'CHECKS_CHANGED' | 'LAB_FAILS_CHANGED_CHECKS' | 'REQUIRED_LABS_CHANGED' | 'COURSE_VERSION_CHANGED';

export interface Finding<C extends string> {
  code: C;
  message: string;
  labId?: string;
}

export interface LabVerdict {
  labId: string;
  title: string;
  /** `unknown-lab`: this copy of the course has no such lab, so nothing was run. */
  status: 'passes' | 'fails' | 'unknown-lab';
  passed: number;
  total: number;
  /** The lab's checks differ from the ones the code passed when the certificate was issued. */
  checksChanged: boolean;
}

export type VerifyReport =
  | { kind: 'unreadable'; code: CertificateFileErrorCode; message: string }
  | {
      kind: 'checked';
      verdict: 'valid' | 'tampered' | 'checks-changed';
      certificate: CertificateFile;
      /** The code recomputed from the file's contents. */
      recomputedCode: string;
      labs: LabVerdict[];
      tampered: Finding<TamperCode>[];
      changed: Finding<ChangeCode>[];
    };

/** What this copy of the course knows, and how it grades (worker in the browser, grader in Node). */
export interface VerifyContext {
  courseId: string;
  courseVersion: string;
  /** Every lab this build has, by id: its title and its current checks fingerprint. */
  labs: Record<string, { title: string; checksHash: string }>;
  requiredLabIds: readonly string[];
  /**
   * Grades one solution. Given a run's `status` and `results`, the verdict counts the results itself and
   * treats any run that did not complete as failing: a verify never says VALID on a partial report.
   */
  grade(
    labId: string,
    code: string,
  ): Promise<{ passed: number; total: number; status?: string; results?: readonly { status: string }[] }>;
  /** Called as each lab finishes, so a page can show progress while the rest still run. */
  onLab?: (verdict: LabVerdict) => void;
}

export function readCertificate(
  text: string,
  courseId: string,
):
  | { ok: true; certificate: CertificateFile }
  | { ok: false; code: CertificateFileErrorCode; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      code: 'ERR_CERT_NOT_JSON',
      message: 'This file is not JSON, so it is not a certificate.',
    };
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== CERTIFICATE_FORMAT) {
    return {
      ok: false,
      code: 'ERR_CERT_NOT_CERTIFICATE',
      message: `This is not a certificate file (its "format" is ${JSON.stringify(format) ?? 'missing'}, expected "${CERTIFICATE_FORMAT}").`,
    };
  }
  const parsed = CertificateFileSchema.safeParse(json);
  if (!parsed.success) {
    const [issue] = schemaIssues(parsed.error, 'the top level');
    return {
      ok: false,
      code: 'ERR_CERT_INVALID',
      message: `The certificate file is malformed at ${issue?.field}: ${issue?.message}.`,
    };
  }
  if (parsed.data.course.id !== courseId) {
    return {
      ok: false,
      code: 'ERR_CERT_OTHER_COURSE',
      message: `This certificate is for the course "${parsed.data.course.id}", not "${courseId}".`,
    };
  }
  return { ok: true, certificate: parsed.data };
}

/** Re-runs the grader on every solution in the file and says what holds, what was changed, what moved. */
export async function verifyCertificate(text: string, context: VerifyContext): Promise<VerifyReport> {
  const read = readCertificate(text, context.courseId);
  if (!read.ok) return { kind: 'unreadable', code: read.code, message: read.message };
  const certificate = read.certificate;
  const tampered: Finding<TamperCode>[] = [];
  const changed: Finding<ChangeCode>[] = [];
  const { verificationCode: claimed, ...unsigned } = certificate;
  const recomputedCode = await verificationCode(unsigned);
  if (recomputedCode !== claimed) {
    tampered.push({
      code: 'ERR_CERT_CODE_MISMATCH',
      message: `The verification code ${claimed} does not match the contents (they give ${recomputedCode}): the file was edited after it was issued.`,
    });
  }
  if ((await courseChecksHash(certificate.labs)) !== certificate.course.checksHash) {
    tampered.push({
      code: 'ERR_CERT_INCONSISTENT',
      message: 'The course checks fingerprint does not match the labs listed in the file.',
    });
  }
  const currentLabs = context.requiredLabIds.flatMap((labId) => {
    const lab = context.labs[labId];
    return lab ? [{ labId, checksHash: lab.checksHash }] : [];
  });
  if ((await courseChecksHash(currentLabs)) !== certificate.course.checksHash) {
    changed.push({
      code: 'CHECKS_CHANGED',
      message: `The course's checks changed since this certificate was issued (fingerprint ${certificate.course.checksHash}, now ${await courseChecksHash(currentLabs)}).`,
    });
  }
  if (certificate.course.version !== context.courseVersion) {
    changed.push({
      code: 'COURSE_VERSION_CHANGED',
      message: `Issued for version ${certificate.course.version} of the course; this copy is version ${context.courseVersion}.`,
    });
  }
  const inFile = new Set(certificate.labs.map((lab) => lab.labId));
  const missing = context.requiredLabIds.filter((labId) => !inFile.has(labId));
  if (missing.length > 0) {
    changed.push({
      code: 'REQUIRED_LABS_CHANGED',
      message: `This course now also requires ${missing.join(', ')}, which the certificate does not cover.`,
    });
  }

  const labs: LabVerdict[] = [];
  for (const lab of certificate.labs) {
    const current = context.labs[lab.labId];
    let verdict: LabVerdict;
    if (!current) {
      verdict = {
        labId: lab.labId,
        title: lab.title,
        status: 'unknown-lab',
        passed: 0,
        total: 0,
        checksChanged: false,
      };
      tampered.push({
        code: 'ERR_CERT_UNKNOWN_LAB',
        labId: lab.labId,
        message: `This course has no lab "${lab.labId}".`,
      });
    } else {
      const run = await context.grade(lab.labId, lab.code);
      const passed = run.results ? run.results.filter((r) => r.status === 'passed').length : run.passed;
      const total = run.results ? run.results.length : run.total;
      const complete = run.status === undefined || run.status === 'completed';
      const passes = complete && total > 0 && passed === total;
      const checksChanged = current.checksHash !== lab.checksHash;
      verdict = {
        labId: lab.labId,
        title: current.title,
        status: passes ? 'passes' : 'fails',
        passed,
        total,
        checksChanged,
      };
      if (!passes && !checksChanged) {
        tampered.push({
          code: 'ERR_CERT_SOLUTION_FAILS',
          labId: lab.labId,
          message: `The solution for "${current.title}" fails ${total - passed} of ${total} checks, the same checks it was issued against.`,
        });
      } else if (!passes) {
        changed.push({
          code: 'LAB_FAILS_CHANGED_CHECKS',
          labId: lab.labId,
          message: `The solution for "${current.title}" fails ${total - passed} of ${total} of the lab's checks, which changed since the certificate was issued.`,
        });
      }
    }
    labs.push(verdict);
    context.onLab?.(verdict);
  }
  const verdict = tampered.length > 0 ? 'tampered' : changed.length > 0 ? 'checks-changed' : 'valid';
  return { kind: 'checked', verdict, certificate, recomputedCode, labs, tampered, changed };
}
