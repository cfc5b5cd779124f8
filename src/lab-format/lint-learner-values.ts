/**
 * A checks file opts in to the learner-value rule with this line (in a comment). Every lab should: the rule is
 * opt-in only so that labs written before the assertion vocabulary keep loading until they are converted.
 */
export const LEARNER_VALUES_PRAGMA = '@lab-checks learner-values-through-snapshot';

/** `@lab/server` functions that call or read learner code and hand matchers only a snapshot. */
export const VOCABULARY = ['settle', 'snapshot', 'expectAccepted', 'expectRejected', 'expectStatus'] as const;

/**
 * Names every place a checks file could hand a raw learner value to a matcher (docs/check-design.md,
 * "Assertion vocabulary"). Learner values are the `@lab/submission` imports and every variable assigned from
 * one of them (`verify = createVerifier(…)`, `response = await handle(…)`), and:
 * - calling one is allowed only inside a vocabulary call (`settle(() => verify(token))`) or as the right-hand
 *   side of an assignment (which makes the variable a learner value too);
 * - `expect(…)` must not mention one outside a vocabulary call;
 * - `.resolves` / `.rejects` are refused: the promise they unwrap is the learner's.
 * Returns `<file>:<line>: <what>`; files without the pragma are not checked.
 */
export function lintLearnerValues(source: string, file: string): string[] {
  if (!source.includes(LEARNER_VALUES_PRAGMA)) return [];
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
  for (const name of tainted) {
    const call = new RegExp(`(?<![\\w$.])${escape(name)}\\s*(?:\\.\\s*[\\w$]+\\s*)*\\(`, 'g');
    for (const use of code.matchAll(call)) {
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
    let depth = 0;
    let end = code.length;
    for (let i = open; i < code.length; i++) {
      if (code[i] === '(') depth += 1;
      else if (code[i] === ')' && --depth === 0) {
        end = i;
        break;
      }
    }
    spans.push([open, end]);
  }
  return spans;
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
