import { headerTagValues } from './header-tags';
import { LabError } from './lab-error';

/**
 * The checks a wrong answer must fail: one `@fails <full check name>` line each, in the comment at the
 * top of the file (ARCHITECTURE.md, "Lab folder").
 */
export function parseFailsDeclarations(source: string, file: string): string[] {
  const fails = headerTagValues(source, 'fails');
  if (fails.length === 0) {
    throw new LabError(
      'ERR_LAB_WRONG_UNDECLARED',
      file,
      'a wrong answer needs at least one "@fails <full check name>" line in its header comment',
      '@fails',
    );
  }
  return fails;
}
