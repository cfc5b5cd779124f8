import { z } from 'astro/zod';

/** Marks a file as a certificate of this course software (not a progress export, not anything else). */
export const CERTIFICATE_FORMAT = 'jwt-deep-dive/certificate';
export const CERTIFICATE_FORMAT_VERSION = 1;

const labId = z.string().regex(/^[a-z0-9-]+$/, 'must be a lab id like "verify-access-token"');

/** One required lab as it passed: the code and the versions of the lab it was graded against. */
const CertificateLabSchema = z.strictObject({
  labId,
  title: z.string(),
  code: z.string().max(200_000),
  /** `checks.test.ts` fingerprint the page showed when this code passed (Lab.astro's checksHash). */
  checksHash: z.string().regex(/^[0-9a-f]{16}$/),
  starterHash: z.string().regex(/^[0-9a-f]{16}$/),
  passedAt: z.string(),
});

/**
 * The downloadable certificate file. The name, date and modules are the learner's own statement; what
 * anyone can check is that each `code` passes this course's checks (see certificate-verify.ts).
 */
export const CertificateFileSchema = z.strictObject({
  format: z.literal(CERTIFICATE_FORMAT),
  formatVersion: z.literal(CERTIFICATE_FORMAT_VERSION),
  course: z.strictObject({
    id: z.string(),
    title: z.string(),
    version: z.string(),
    /** Fingerprint of every certificate lab's checks hash (courseChecksHash). */
    checksHash: z.string().regex(/^[0-9a-f]{16}$/),
  }),
  learner: z.strictObject({ name: z.string().trim().min(1).max(120) }),
  /** `YYYY-MM-DD`, as the learner's browser saw it. */
  issuedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  modulesCompleted: z.array(z.strictObject({ id: z.string(), title: z.string() })),
  labs: z.array(CertificateLabSchema).min(1),
  verificationCode: z.string().regex(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/),
});

export type CertificateFile = z.infer<typeof CertificateFileSchema>;
export type UnsignedCertificate = Omit<CertificateFile, 'verificationCode'>;
