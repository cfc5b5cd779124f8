import { describe, expect, it } from 'vitest';
import { filterPrototypeStack } from '../../src/grading/core/learner-stack-getter';
import { learnerOnlyStack, showStackFramesOf } from '../../src/grading/core/learner-stack';

const FILE = 'lab:///verifier.ts';

// Each engine's text for a submission whose verifier throws while a check's helper calls it: SpiderMonkey's and
// JavaScriptCore's `fn@url:line:col` (as Error.prototype.stack / error.stack give them), and V8's `at` lines.
const SPIDERMONKEY = [
  'verifyAccessToken@lab:///verifier.ts:14:19',
  'expectRejected@lab:///checks.test.ts:88:11',
  'async*@lab:///checks.test.ts:131:7',
  'runTestBody@https://course.example/_astro/lab.worker-Bx1.js:1:40211',
  '@lab:///verifier.ts:3:1',
  '',
].join('\n');
// JavaScriptCore (StackFrame::toString): `name@url:line:col`; an anonymous function has no name and no `@`;
// program, module and eval code are named `global code`, `module code`, `eval code`; built-ins `name@[native code]`.
const JAVASCRIPTCORE = [
  'verifyAccessToken@lab:///verifier.ts:14:19',
  'lab:///verifier.ts:22:31',
  'expectRejected@lab:///checks.test.ts:88:11',
  'lab:///checks.test.ts:131:7',
  'asyncFunctionResume@[native code]',
  'map@[native code]',
  'eval code@lab:///verifier.ts:2:5',
  'module code@lab:///verifier.ts:1:1',
  'global code@lab:///verifier.ts:3:1',
  'runTestBody@https://course.example/_astro/lab.worker-Bx1.js:1:40211',
  'promiseReactionJobWithoutPromise@[native code]',
  'global code@lab:///checks.test.ts:1:1',
].join('\n');
const V8 = [
  'Error: where am I',
  '    at verifyAccessToken (lab:///verifier.ts:14:19)',
  '    at expectRejected (lab:///checks.test.ts:88:11)',
  '    at lab:///checks.test.ts:131:7',
  '    at async runTestBody (file:///srv/grader/grader-thread.mjs:4021:5)',
  '    at lab:///verifier.ts:3:1',
].join('\n');

describe('learnerOnlyStack keeps only the frames of the learner file, in every engine format', () => {
  it('SpiderMonkey: keeps fn@ and anonymous @ frames of the learner file, drops async* check frames', () => {
    expect(learnerOnlyStack(SPIDERMONKEY, FILE)).toBe(
      ['verifyAccessToken@lab:///verifier.ts:14:19', '@lab:///verifier.ts:3:1'].join('\n'),
    );
  });

  it('JavaScriptCore: keeps named, anonymous, eval, module and global code frames of the learner file only', () => {
    expect(learnerOnlyStack(JAVASCRIPTCORE, FILE)).toBe(
      [
        'verifyAccessToken@lab:///verifier.ts:14:19',
        'lab:///verifier.ts:22:31',
        'eval code@lab:///verifier.ts:2:5',
        'module code@lab:///verifier.ts:1:1',
        'global code@lab:///verifier.ts:3:1',
      ].join('\n'),
    );
  });

  it('JavaScriptCore: drops frames without a location, and learner frames without a line and column', () => {
    const stack = [
      'verifyAccessToken',
      'verifyAccessToken@lab:///verifier.ts',
      '@',
      'lab:///verifier.ts:4:2',
    ];
    expect(learnerOnlyStack(stack.join('\n'), FILE)).toBe('lab:///verifier.ts:4:2');
  });

  it('V8 text: keeps the learner frames and nothing before them (V8 itself is filtered by call site)', () => {
    expect(learnerOnlyStack(V8, FILE)).toBe(
      ['    at verifyAccessToken (lab:///verifier.ts:14:19)', '    at lab:///verifier.ts:3:1'].join('\n'),
    );
  });

  it('keeps no line for what a learner-chosen function name makes it look like', () => {
    // A trusted helper throws inside a learner function named "x\n    at y": the name splits its frame in two
    // and fakes a V8 frame line. Nothing before it may pass as a head: the host's bundle path and the check's
    // frame would be shown to the learner.
    const stack = [
      'mint@https://course.example/_astro/lab.worker-Bx1.js:1:402',
      'expectRejected@lab:///checks.test.ts:88:11',
      'x',
      '    at y@lab:///verifier.ts:3:1',
      'helper (lab:///checks.test.ts:12:1)@lab:///checks.test.ts:131:7',
      'named lab:///verifier.ts:1:1 (lab:///checks.test.ts:99:9)@lab:///checks.test.ts:99:9',
    ].join('\n');
    expect(learnerOnlyStack(stack, FILE)).toBe('    at y@lab:///verifier.ts:3:1');
  });

  it('matches the file exactly: a checks file whose name starts like the learner file is not the learner file', () => {
    const lookalike =
      'fn@lab:///verifier.ts.checks.ts:1:1\nfn@lab:///verifier.tsx:2:2\nfn@lab:///verifier.ts:3:3';
    expect(learnerOnlyStack(lookalike, FILE)).toBe('fn@lab:///verifier.ts:3:3');
  });

  it('leaves nothing of a stack that never entered the learner file', () => {
    expect(learnerOnlyStack('expectRejected@lab:///checks.test.ts:88:11\n', FILE)).toBe('');
  });
});

describe('filterPrototypeStack, for engines whose stack is an Error.prototype accessor (SpiderMonkey)', () => {
  it('serves the learner-only stack through the accessor SES will keep', () => {
    const prototype = {};
    Object.defineProperty(prototype, 'stack', { get: () => SPIDERMONKEY, configurable: true });
    expect(filterPrototypeStack(prototype)).toBe(true);
    showStackFramesOf('verifier.ts');
    const error = Object.create(prototype) as { stack: string };
    expect(error.stack).toBe(
      ['verifyAccessToken@lab:///verifier.ts:14:19', '@lab:///verifier.ts:3:1'].join('\n'),
    );
  });

  it('changes nothing where stack is no prototype accessor (V8, JavaScriptCore)', () => {
    const prototype = { stack: 'own data' };
    expect(filterPrototypeStack(prototype)).toBe(false);
    expect(prototype.stack).toBe('own data');
  });
});
