import { describe, expect, it } from 'vitest';
import { filterPrototypeStack } from '../../src/grading/core/learner-stack-getter';
import { learnerOnlyStack, showStackFramesOf } from '../../src/grading/core/learner-stack';

const FILE = 'lab:///verifier.ts';

// Each engine's format (V8's Error.prototype.stack text, SpiderMonkey's and JavaScriptCore's `fn@url:line:col`)
// for a submission whose verifier throws while a check's helper calls it.
const V8 = [
  'Error: where am I',
  '    at verifyAccessToken (lab:///verifier.ts:14:19)',
  '    at expectRejected (lab:///checks.test.ts:88:11)',
  '    at lab:///checks.test.ts:131:7',
  '    at async runTestBody (file:///srv/grader/grader-thread.mjs:4021:5)',
  '    at lab:///verifier.ts:3:1',
].join('\n');
const SPIDERMONKEY = [
  'verifyAccessToken@lab:///verifier.ts:14:19',
  'expectRejected@lab:///checks.test.ts:88:11',
  'async*@lab:///checks.test.ts:131:7',
  'runTestBody@https://course.example/_astro/lab.worker-Bx1.js:1:40211',
  '@lab:///verifier.ts:3:1',
  '',
].join('\n');
const JAVASCRIPTCORE = [
  'verifyAccessToken@lab:///verifier.ts:14:19',
  'expectRejected@lab:///checks.test.ts:88:11',
  'lab:///checks.test.ts:131:7',
  'asyncFunctionResume@[native code]',
  'global code@lab:///verifier.ts:3:1',
  'promiseReactionJobWithoutPromise@[native code]',
].join('\n');

describe('learnerOnlyStack keeps only the frames of the learner file, in every engine format', () => {
  it('V8: keeps the head line and the learner frames, with or without a function name', () => {
    expect(learnerOnlyStack(V8, FILE)).toBe(
      [
        'Error: where am I',
        '    at verifyAccessToken (lab:///verifier.ts:14:19)',
        '    at lab:///verifier.ts:3:1',
      ].join('\n'),
    );
  });

  it('SpiderMonkey: keeps fn@ and anonymous @ frames of the learner file, drops async* check frames', () => {
    expect(learnerOnlyStack(SPIDERMONKEY, FILE)).toBe(
      ['verifyAccessToken@lab:///verifier.ts:14:19', '@lab:///verifier.ts:3:1'].join('\n'),
    );
  });

  it('JavaScriptCore: keeps the learner frames, drops bare check locations and [native code] frames', () => {
    expect(learnerOnlyStack(JAVASCRIPTCORE, FILE)).toBe(
      ['verifyAccessToken@lab:///verifier.ts:14:19', 'global code@lab:///verifier.ts:3:1'].join('\n'),
    );
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
