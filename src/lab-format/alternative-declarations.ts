import { headerTagValues } from './header-tags';
import { LabError } from './lab-error';

/**
 * The freedom an alternative solution exercises: the `@freedom <what it does differently>` line in the comment
 * at the top of `alternatives/<name>.ts` (ARCHITECTURE.md, "Lab folder"). An alternative is a correct answer
 * written differently; naming the freedom says which choice the checks must leave to the learner.
 */
export function parseFreedomDeclaration(source: string, file: string): string {
  const freedom = headerTagValues(source, 'freedom')[0];
  if (freedom) return freedom;
  throw new LabError(
    'ERR_LAB_ALTERNATIVE_UNDECLARED',
    file,
    'an alternative solution needs a "@freedom <what it does differently>" line in its header comment',
    '@freedom',
  );
}
