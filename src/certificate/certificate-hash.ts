/**
 * Fingerprints shared by the claim page, the verify page and `npm run verify:certificate`: WebCrypto's
 * SHA-256 exists in secure browser contexts and in Node alike, so all three compute the same bytes.
 */
import type { UnsignedCertificate } from './certificate-schema';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** One fingerprint for the checks of every certificate lab: changes when any lab's checks change. */
export async function courseChecksHash(
  labs: readonly { labId: string; checksHash: string }[],
): Promise<string> {
  const lines = labs.map((lab) => `${lab.labId}:${lab.checksHash}`).sort();
  return (await sha256Hex(lines.join('\n'))).slice(0, 16);
}

/**
 * The verification code: SHA-256 over the course id and version, the checks fingerprint, each lab's
 * checks and starter hashes and the SHA-256 of the code that passed, and the learner's statement (name,
 * date, modules), so changing any of them changes the code. 80 bits, shown as five groups of four.
 */
export async function verificationCode(certificate: UnsignedCertificate): Promise<string> {
  const labs = await Promise.all(
    [...certificate.labs]
      .sort((a, b) => (a.labId < b.labId ? -1 : a.labId > b.labId ? 1 : 0))
      .map(async (lab) => [lab.labId, lab.checksHash, lab.starterHash, await sha256Hex(lab.code)]),
  );
  const canonical = JSON.stringify([
    certificate.format,
    certificate.formatVersion,
    certificate.course.id,
    certificate.course.version,
    certificate.course.checksHash,
    certificate.learner.name,
    certificate.issuedAt,
    certificate.modulesCompleted.map((module) => module.id),
    labs,
  ]);
  const hex = (await sha256Hex(canonical)).slice(0, 20).toUpperCase();
  return hex.match(/.{4}/g)!.join('-');
}
