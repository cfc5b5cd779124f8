/**
 * Stacks inside the sandbox show only the learner's own file. The checks file is public, so a frame naming
 * `lab:///checks.test.ts:<line>` or a check helper would tell learner code which check is calling. V8 (Chromium,
 * Node) builds stacks from call sites, which harden-realm filters before any text exists; this filter reads the
 * text other engines write, one frame per line, and keeps a line only when the location it ends with is the
 * learner's file (`lab:///<editableFile>:<line>:<column>`), whatever the function is called:
 *
 * - SpiderMonkey (Firefox): `fn@url:line:col`, anonymous `@url:line:col`, async frames as `async*fn@url:line:col`;
 * - JavaScriptCore (Safari): `fn@url:line:col`, a bare `url:line:col` for an anonymous function, `global code@`,
 *   `module code@` and `eval code@` frames, and `fn@[native code]` for built-ins;
 * - `at fn (url:line:col)` lines are read too.
 *
 * Nothing else survives: no head line, no frame without a location, no line of any other file. A function's name
 * is the learner's to choose, newlines and `at ` included, so no line is kept for what it starts with: a name
 * that fakes a frame or a V8 head still leaves only lines that end in the learner's file.
 */

/** The location a frame line ends with, in any of the formats above. */
const LOCATION = /(?:\(|@|^\s*at\s+|^)([^\s()@]+):(\d+):(\d+)\)?\s*$/;

/** Whether one stack line is a frame of `file` (a `lab:///…` URL), read from the location it ends with. */
function isFrameOf(line: string, file: string): boolean {
  const match = LOCATION.exec(line);
  return match !== null && match[1] === file;
}

/** `stack` with every line that is not a frame of `file` removed. */
export function learnerOnlyStack(stack: string, file: string): string {
  return stack
    .split('\n')
    .filter((line) => isFrameOf(line, file))
    .join('\n');
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
