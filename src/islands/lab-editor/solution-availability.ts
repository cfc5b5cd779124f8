import type { SolutionVisibility } from '../../schemas/solution-visibility';

export type SolutionAvailability =
  | { available: true }
  | { available: false; reason: 'never' | 'not-shipped' }
  | { available: false; reason: 'attempts'; remaining: number };

/** Whether "Compare with solution" may be offered, per the course's `solutions` setting. */
export function solutionAvailability(
  offer: SolutionVisibility,
  attempts: number,
  hasSolution: boolean,
): SolutionAvailability {
  if (offer.mode === 'never') return { available: false, reason: 'never' };
  if (!hasSolution) return { available: false, reason: 'not-shipped' };
  if (offer.mode === 'after-attempts' && attempts < offer.attempts) {
    return {
      available: false,
      reason: 'attempts',
      remaining: offer.attempts - attempts,
    };
  }
  return { available: true };
}
