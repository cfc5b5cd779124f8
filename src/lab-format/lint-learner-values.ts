/** `@lab/server` functions that call or read learner code and hand matchers only a snapshot. */
export const VOCABULARY = ['settle', 'snapshot', 'expectAccepted', 'expectRejected', 'expectStatus'] as const;

/**
 * Names every place a checks file could hand a raw learner value to a matcher, or a function of its own to
 * learner code (docs/check-design.md, "Assertion vocabulary" and "Values handed to learner code"). Every checks
 * file is held to it. Learner values are the `@lab/submission` imports and every variable assigned from one of
 * them (`verify = createVerifier(…)`, `response = await handle(…)`), and:
 * - calling one is allowed only inside a vocabulary call (`settle(() => verify(token))`) or as the right-hand
 *   side of an assignment (which makes the variable a learner value too);
 * - `expect(…)` must not mention one outside a vocabulary call;
 * - `.resolves` / `.rejects` are refused: the promise they unwrap is the learner's;
 * - an argument of a call to one that holds a function — a function literal, `vi.fn(…)`/`vi.spyOn(…)`, a class, or
 *   the name of a function the file declares — must be a `forLearner(…)` call, which wraps every function in it.
 *   A function the checks reach only through another value (an object a helper returns, a method read off a
 *   server) is beyond what can be seen without types; `forLearner` is the rule there too.
 * Returns `<file>:<line>: <what>`.
 */
export function lintLearnerValues(source: string, file: string): string[] {
  const code = blankStringsAndComments(source);
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  const problems: string[] = [];
  const tainted = learnerNames(source, code);
  const vocabularySpans = spansOfCalls(code, VOCABULARY);
  const inVocabulary = (index: number) =>
    vocabularySpans.some(([start, end]) => index > start && index < end);

  for (const match of code.matchAll(/\.(resolves|rejects)\b/g)) {
    problems.push(
      `${file}:${lineOf(match.index)}: '.${match[1]}' hands the learner's promise to a matcher; use ${
        match[1] === 'resolves' ? 'expectAccepted' : 'expectRejected'
      } from @lab/server`,
    );
  }
  for (const [start, end] of spansOfCalls(code, ['expect'])) {
    for (const name of tainted) {
      const pattern = new RegExp(`(?<![\\w$.])${escape(name)}(?![\\w$])`, 'g');
      for (const use of code.slice(start, end).matchAll(pattern)) {
        const at = start + use.index;
        if (!inVocabulary(at))
          problems.push(
            `${file}:${lineOf(at)}: expect(…) receives the learner value '${name}'; pass it through settle, snapshot or an expect* helper from @lab/server`,
          );
      }
    }
  }
  const functions = declaredFunctions(code);
  for (const name of tainted) {
    const call = new RegExp(`(?<![\\w$.])${escape(name)}\\s*(?:\\.\\s*[\\w$]+\\s*)*\\(`, 'g');
    for (const use of code.matchAll(call)) {
      const open = use.index + use[0].length - 1;
      for (const [start, argument] of topLevelArguments(code, open, closeOf(code, open))) {
        if (isForLearnerCall(argument) || !holdsFunction(argument, functions)) continue;
        problems.push(
          `${file}:${lineOf(start)}: hands a function to the learner's '${name}' without forLearner(…) from @lab/server, so learner code reaches the check's own function`,
        );
      }
      if (inVocabulary(use.index)) continue;
      const before = code.slice(Math.max(0, use.index - 40), use.index);
      if (/(?<![=!<>])=\s*(?:await\s+)?$/.test(before)) continue;
      problems.push(
        `${file}:${lineOf(use.index)}: calls the learner's '${name}' outside settle/expect* from @lab/server, so what it returns or throws is not snapshotted`,
      );
    }
  }
  return problems;
}

/** Names the file binds to a function: declarations, classes, arrow or function expressions, `vi.fn`/`vi.spyOn`. */
function declaredFunctions(code: string): Set<string> {
  const names = new Set<string>();
  for (const match of code.matchAll(/\b(?:function\s*\*?|class)\s+([\w$]+)/g)) names.add(match[1] ?? '');
  for (const match of code.matchAll(
    /(?<![\w$.])([\w$]+)\s*(?::[^=;]+)?(?<![=!<>])=(?!=)\s*(?:async\s+)?(?:function\b|class\b|vi\s*\.\s*(?:fn|spyOn)\b|(?:\([^()]*\)|[\w$]+)\s*(?::[^=;]+)?=>)/g,
  ))
    names.add(match[1] ?? '');
  names.delete('');
  return names;
}

/** Whether an argument (strings and comments blanked) is, or contains, a function the checks made. */
function holdsFunction(argument: string, functions: ReadonlySet<string>): boolean {
  if (/=>|\bfunction\b|\bclass\b|\bvi\s*\.\s*(?:fn|spyOn)\b/.test(argument)) return true;
  for (const name of functions) {
    // A name followed by `(` is a call: what it returns is handed over, not the function itself.
    if (new RegExp(`(?<![\\w$.#])${escape(name)}(?![\\w$]|\\s*\\(|\\s*\\?\\.\\s*\\()`).test(argument))
      return true;
  }
  return false;
}

/** `forLearner(…)` as the whole argument, optionally followed by a type assertion (`forLearner(route) as never`). */
function isForLearnerCall(argument: string): boolean {
  const trimmed = argument.trim();
  if (!/^forLearner\s*\(/.test(trimmed)) return false;
  const [span] = spansOfCalls(trimmed, ['forLearner']);
  if (span === undefined) return false;
  return /^\s*(?:as\s+[\s\S]*)?$/.test(trimmed.slice(span[1] + 1));
}

/** The top-level, comma-separated arguments between `open` (a `(`) and `close`, each with its start index. */
function topLevelArguments(code: string, open: number, close: number): [number, string][] {
  const found: [number, string][] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < close; i++) {
    const char = code[i];
    if (char === '(' || char === '[' || char === '{') depth += 1;
    else if (char === ')' || char === ']' || char === '}') depth -= 1;
    else if (char === ',' && depth === 0) {
      found.push([start, code.slice(start, i)]);
      start = i + 1;
    }
  }
  if (code.slice(start, close).trim() !== '') found.push([start, code.slice(start, close)]);
  return found.map(([at, text]) => [at + (text.length - text.trimStart().length), text]);
}

/** `@lab/submission` imports, then every variable assigned from a call of (or a member of) one, to a fixpoint. */
function learnerNames(source: string, code: string): Set<string> {
  const names = new Set<string>();
  for (const match of source.matchAll(/\bimport\s+(?!type\b)([^;]*?)\s+from\s+['"]@lab\/submission['"]/g)) {
    const clause = match[1] ?? '';
    const namespace = /\*\s+as\s+([\w$]+)/.exec(clause)?.[1];
    if (namespace) names.add(namespace);
    const named = /\{([\s\S]*)\}/.exec(clause)?.[1] ?? '';
    for (const raw of named.split(',')) {
      const item = raw.trim();
      if (item === '' || item.startsWith('type ')) continue;
      names.add((item.split(/\s+as\s+/)[1] ?? item).trim());
    }
    const fallback = /^([\w$]+)\s*(?:,|$)/.exec(clause.trim())?.[1];
    if (fallback) names.add(fallback);
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const match of code.matchAll(
      /(?<![\w$.])([\w$]+)\s*(?::[^=;]+)?(?<![=!<>])=(?!=)\s*(?:await\s+)?([\w$]+)\s*[.(;,\n]/g,
    )) {
      const [, target = '', source = ''] = match;
      if (names.has(source) && !names.has(target) && !(VOCABULARY as readonly string[]).includes(source)) {
        names.add(target);
        grew = true;
      }
    }
  }
  return names;
}

/** [start, end) of the argument list of every call to one of `callees` (balanced parentheses). */
function spansOfCalls(code: string, callees: readonly string[]): [number, number][] {
  const spans: [number, number][] = [];
  const pattern = new RegExp(`(?<![\\w$.])(?:${callees.map(escape).join('|')})\\s*\\(`, 'g');
  for (const match of code.matchAll(pattern)) {
    const open = match.index + match[0].length - 1;
    spans.push([open, closeOf(code, open)]);
  }
  return spans;
}

/** The index of the `)` that closes the `(` at `open` (or the end of the code). */
function closeOf(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '(') depth += 1;
    else if (code[i] === ')' && --depth === 0) return i;
  }
  return code.length;
}

/** Same length and lines, with string, template and comment contents blanked, so names inside them never count. */
function blankStringsAndComments(source: string): string {
  return source.replace(
    /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g,
    (token) => {
      const keep = token.startsWith('/') ? '' : token[0];
      const inner = token.slice(keep ? 1 : 0, keep ? -1 : undefined).replace(/[^\n]/g, ' ');
      return keep ? `${keep}${inner}${keep}` : inner;
    },
  );
}

function escape(text: string): string {
  return text.replace(/[$]/g, '\\$');
}
