import { CodedError } from '../../../errors/coded-error';

/** A function a check or hook runs; it may return a promise. */
export type TestFunction = () => unknown;

export interface CollectedTest {
  kind: 'test';
  /** Full name: describe blocks and the test name joined by " > " (vitest's `fullTestName`). */
  name: string;
  fn: TestFunction;
  suite: CollectedSuite;
}

export interface CollectedSuite {
  kind: 'suite';
  name: string;
  parent: CollectedSuite | undefined;
  children: (CollectedSuite | CollectedTest)[];
  beforeAll: TestFunction[];
  afterAll: TestFunction[];
  beforeEach: TestFunction[];
  afterEach: TestFunction[];
}

export type HookName = 'beforeAll' | 'afterAll' | 'beforeEach' | 'afterEach';

/** Thrown while a checks file is collected: it uses something the runner would not grade like vitest. */
export class UnsupportedCheckError extends CodedError<(typeof UnsupportedCheckError.codes)[number]> {
  static readonly codes = ['ERR_LAB_UNSUPPORTED_VITEST_API'] as const;
  override readonly name = 'UnsupportedCheckError';
  constructor(message: string) {
    super('ERR_LAB_UNSUPPORTED_VITEST_API', message);
  }
}

function newSuite(name: string, parent: CollectedSuite | undefined): CollectedSuite {
  return {
    kind: 'suite',
    name,
    parent,
    children: [],
    beforeAll: [],
    afterAll: [],
    beforeEach: [],
    afterEach: [],
  };
}

/**
 * Records `describe`/`it`/`test` and hooks while the checks module is evaluated, the way vitest's
 * collector does: describe bodies run immediately and synchronously, tests run later in file order.
 */
export function createSuiteCollector() {
  const root = newSuite('', undefined);
  let current = root;
  const path: string[] = [];

  function describe(name: string, body: () => void): void {
    if (typeof body !== 'function')
      throw new UnsupportedCheckError(`describe("${name}") needs a function body`);
    const suite = newSuite(String(name), current);
    current.children.push(suite);
    const parent = current;
    current = suite;
    path.push(String(name));
    try {
      const returned: unknown = body();
      if (returned instanceof Promise) {
        throw new UnsupportedCheckError(
          `describe("${name}") has an async body: vitest collects describe synchronously`,
        );
      }
    } finally {
      path.pop();
      current = parent;
    }
  }

  function test(name: string, fn: TestFunction, ...rest: unknown[]): void {
    if (typeof fn !== 'function') throw new UnsupportedCheckError(`test "${name}" needs a function`);
    if (rest.length > 0) {
      // One timeout for every check of a lab, set in lab.md, so the watchdog bound holds.
      throw new UnsupportedCheckError(
        `test "${name}" passes a timeout or options: set timeoutMs in lab.md instead`,
      );
    }
    if (fn.length > 0) {
      throw new UnsupportedCheckError(
        `test "${name}" takes a test context or done callback, which the runner does not provide`,
      );
    }
    current.children.push({
      kind: 'test',
      name: [...path, String(name)].join(' > '),
      fn,
      suite: current,
    });
  }

  function hook(kind: HookName) {
    return (fn: TestFunction, ...rest: unknown[]): void => {
      if (typeof fn !== 'function') throw new UnsupportedCheckError(`${kind} needs a function`);
      if (rest.length > 0)
        throw new UnsupportedCheckError(`${kind} passes a timeout: set timeoutMs in lab.md instead`);
      current[kind].push(fn);
    };
  }

  return {
    root,
    describe,
    test,
    beforeAll: hook('beforeAll'),
    afterAll: hook('afterAll'),
    beforeEach: hook('beforeEach'),
    afterEach: hook('afterEach'),
  };
}

export type SuiteCollector = ReturnType<typeof createSuiteCollector>;

/** Every test of a suite tree in the order vitest runs them. */
export function listTests(suite: CollectedSuite): CollectedTest[] {
  return suite.children.flatMap((child) => (child.kind === 'test' ? [child] : listTests(child)));
}
