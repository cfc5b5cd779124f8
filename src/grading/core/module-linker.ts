import { CodedError } from '../../errors/coded-error';
import type { LearnerSandbox } from './learner-sandbox';

/** A CommonJS module record, as sucrase's `imports` transform expects. */
interface ModuleRecord {
  exports: Record<string, unknown>;
}

class LinkError extends CodedError<(typeof LinkError.codes)[number]> {
  static readonly codes = ['ERR_LAB_MODULE_NOT_FOUND'] as const;
  override readonly name = 'LinkError';
  constructor(message: string) {
    super('ERR_LAB_MODULE_NOT_FOUND', message);
  }
}

export interface LinkOptions {
  /** Transpiled checks module and its display name (`checks.test.ts`). */
  checks: { code: string; file: string };
  /** Transpiled learner module and its display name (the lab's editable file). */
  submission: { code: string; file: string };
  /** What the checks may import: `vitest`, `jose`, `@lab/server`. */
  checkBuiltins: Readonly<Record<string, object>>;
  /** What the submission may import: `jose`, as a hardened namespace. */
  submissionBuiltins: Readonly<Record<string, object>>;
  sandbox: LearnerSandbox;
  /** Lets `check:labs` swap the submission's exports for a built-in mutant. */
  transformSubmission?: (exports: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * The wrapper sits on line 1 and the sourceURL names the lab file, so stack traces point at the author's
 * own TypeScript lines (sucrase keeps lines 1:1; `new Function` would shift them by two).
 */
function wrapModule(code: string, file: string): string {
  return `(function (require, module, exports) {${code}\n})\n//# sourceURL=lab:///${file}`;
}

export interface LinkedChecks {
  /**
   * Forgets the evaluated submission: the next check that reads `@lab/submission` evaluates it afresh, so no
   * module state (a call counter, a cache) carries from one check to the next and tells the code which runs.
   */
  freshSubmission(): void;
}

/**
 * Evaluates the checks module in the trusted realm with a `require` that knows only the lab builtins and
 * `@lab/submission`, which it loads lazily from the learner sandbox. Evaluating the checks registers
 * their describe/test blocks with mini-vitest.
 */
export function linkChecks(options: LinkOptions): LinkedChecks {
  let submission: { exports: Record<string, unknown> } | { error: unknown } | undefined;

  const requireSubmission = (spec: string): unknown => {
    const builtin = options.submissionBuiltins[spec];
    if (builtin) return builtin;
    const allowed = Object.keys(options.submissionBuiltins).join(', ');
    throw new LinkError(
      `Cannot find module '${spec}' from ${options.submission.file}: a lab submission can import only ${allowed}`,
    );
  };

  const loadSubmission = (): Record<string, unknown> => {
    if (!submission) {
      try {
        const record: ModuleRecord = { exports: {} };
        const factory = options.sandbox.evaluate(
          wrapModule(options.submission.code, options.submission.file),
        );
        factory(requireSubmission, record, record.exports);
        const exports = options.transformSubmission
          ? options.transformSubmission(record.exports)
          : record.exports;
        submission = { exports };
      } catch (error) {
        submission = { error };
      }
    }
    if ('error' in submission) throw submission.error;
    return submission.exports;
  };

  // Loaded on first use inside a check, not while the checks are collected: a submission that throws or
  // loops at its top level then fails (or times out) in a named check, and every check is still listed.
  const lazySubmission = new Proxy(
    {},
    {
      get: (_, key) => {
        if (key === '__esModule') return true;
        const exports = loadSubmission();
        if (typeof key === 'string' && !(key in exports) && key !== 'then') {
          throw new SyntaxError(
            `The requested module '@lab/submission' does not provide an export named '${key}'`,
          );
        }
        return Reflect.get(exports, key) as unknown;
      },
      has: (_, key) => key in loadSubmission(),
      ownKeys: () => Reflect.ownKeys(loadSubmission()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(loadSubmission(), key);
        return descriptor ? { ...descriptor, configurable: true } : undefined;
      },
    },
  );

  const requireFromChecks = (spec: string): unknown => {
    if (spec === '@lab/submission') return lazySubmission;
    const builtin = options.checkBuiltins[spec];
    if (builtin) return builtin;
    throw new LinkError(
      `Cannot find module '${spec}' from ${options.checks.file}: checks import only vitest, @lab/server, @lab/submission and jose`,
    );
  };

  const record: ModuleRecord = { exports: {} };
  // Indirect eval: global scope of the trusted realm, no access to this module's variables.
  const factory = (0, eval)(wrapModule(options.checks.code, options.checks.file)) as (
    ...args: unknown[]
  ) => void;
  factory(requireFromChecks, record, record.exports);
  return {
    freshSubmission() {
      submission = undefined;
    },
  };
}
