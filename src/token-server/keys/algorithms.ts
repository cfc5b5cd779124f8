import { z } from 'astro/zod';

/**
 * Algorithms the simulated server signs with. ES256 is the default; HS256 only where a lesson needs a shared
 * secret. Ed25519 keys sign as `Ed25519`: RFC 9864 deprecates the polymorphic `EdDSA` identifier.
 */
export const SigningAlgorithmSchema = z.enum(['ES256', 'RS256', 'PS256', 'Ed25519', 'HS256']);
export type SigningAlgorithm = z.infer<typeof SigningAlgorithmSchema>;

export const SIGNING_ALGORITHMS = SigningAlgorithmSchema.options;

export function isSymmetric(alg: SigningAlgorithm): boolean {
  return alg === 'HS256';
}
