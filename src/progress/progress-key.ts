/** Two courses, or one course under two base paths, on the same origin never share progress. */
export function progressKey(courseId: string, basePath: string): string {
  return `jwt-deep-dive:progress:${courseId}:${basePath}`;
}
