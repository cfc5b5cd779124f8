/**
 * The labs a certificate requires: `certificateLabs` from course.config.ts, or, when that list is empty,
 * every lab a lesson embeds (in course order), so a new lab is required as soon as a lesson shows it.
 */
export function requiredLabIds(
  configured: readonly string[],
  embeddedInCourseOrder: readonly string[],
): string[] {
  const embedded = [...new Set(embeddedInCourseOrder)];
  if (configured.length === 0) return embedded;
  const notShown = configured.filter((id) => !embedded.includes(id));
  if (notShown.length > 0) {
    // A required lab no lesson shows could never be passed in the browser, so no one could claim.
    throw new Error(
      `course.config.ts certificateLabs: ${notShown.join(', ')} ${notShown.length === 1 ? 'is' : 'are'} not embedded by any lesson (<Lab id="…" />)`,
    );
  }
  return [...new Set(configured)];
}
