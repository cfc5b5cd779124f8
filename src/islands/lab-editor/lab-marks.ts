/**
 * User-timing marks for `npm run bench` (read with `performance.getEntriesByName`): when the editor became
 * usable and how long each "Run checks" took, per lab. Names are part of the bench's contract.
 */
export const LAB_MARKS = {
  editorReady: (labId: string) => `lab:${labId}:editor-ready`,
  runStart: (labId: string) => `lab:${labId}:run-start`,
  runEnd: (labId: string) => `lab:${labId}:run-end`,
  run: (labId: string) => `lab:${labId}:run`,
} as const;

export function markLab(name: string): void {
  globalThis.performance?.mark?.(name);
}

export function measureLabRun(labId: string): void {
  markLab(LAB_MARKS.runEnd(labId));
  try {
    globalThis.performance?.measure?.(
      LAB_MARKS.run(labId),
      LAB_MARKS.runStart(labId),
      LAB_MARKS.runEnd(labId),
    );
  } catch {
    // A missing start mark (cleared by the page) only loses one measurement.
  }
}
