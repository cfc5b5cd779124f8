/**
 * Stacks inside the sandbox show only the learner's own file. The checks file is public, so a frame naming
 * `lab:///checks.test.ts:<line>` or a check helper would tell learner code which check is calling. Engines
 * write stacks differently, so the filter reads each format and keeps a frame only when its location is the
 * learner's file (`lab:///<editableFile>:<line>:<column>`), whatever the function is called:
 *
 * - V8 (Chromium, Node): a head line (`TypeError: message`), then `    at fn (url:line:col)` or `    at url:line:col`;
 * - SpiderMonkey (Firefox): no head, one `fn@url:line:col` per frame, async ones as `async*fn@url:line:col`;
 * - JavaScriptCore (Safari): no head, `fn@url:line:col`, `url:line:col`, `global code@url:line:col`, and
 *   `fn@[native code]` for built-ins.
 */

/** The location a frame line ends with, in any of the three formats. */
const LOCATION = /(?:\(|@|^\s*at\s+|^)([^\s()@]+):(\d+):(\d+)\)?\s*$/;

/** Whether one stack line is a frame of `file` (a `lab:///…` URL), read from the location it ends with. */
function isFrameOf(line: string, file: string): boolean {
  const match = LOCATION.exec(line);
  return match !== null && match[1] === file;
}

/** Whether a line is a frame at all (so a V8 head line, which names no location of its own, is kept). */
function isFrame(line: string): boolean {
  return /^\s+at\s/.test(line) || line.includes('@') || LOCATION.test(line);
}

/**
 * `stack` with every frame that is not in `file` removed. A V8 head (the lines before the first `at` frame) is
 * kept, since it is the error's own `name: message`; other engines have none.
 */
export function learnerOnlyStack(stack: string, file: string): string {
  const lines = stack.split('\n');
  const firstFrame = lines.findIndex((line) => /^\s+at\s/.test(line));
  const v8 = firstFrame !== -1;
  const head = v8 ? lines.slice(0, firstFrame) : [];
  const frames = v8 ? lines.slice(firstFrame) : lines;
  const kept = frames.filter((line) => line.trim() !== '' && isFrame(line) && isFrameOf(line, file));
  return [...head, ...kept].join('\n');
}

/** The `sourceURL` of the learner's module (`lab:///<editableFile>`), the only file stacks may name. */
let stackFile: string | undefined;

/** Which file's frames stacks keep from now on (the grade session sets it before evaluating code). */
export function showStackFramesOf(file: string): void {
  stackFile = `lab:///${file}`;
}

/** The file whose frames stacks keep, or `undefined` before a grade session named one (then none are kept). */
export function learnerStackFile(): string | undefined {
  return stackFile;
}
