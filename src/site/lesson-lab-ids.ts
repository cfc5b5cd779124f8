/**
 * `<Lab id="…" />` and `<Quiz id="…" />` in a lesson's MDX body are the single source of truth for which
 * labs and quizzes a lesson embeds. Fenced and inline code and `{/* comments *\/}` are skipped, so a lesson
 * can show or park the tag.
 */
const FENCE = /^(\s*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\2[`~]*[ \t]*$/gm;
const INLINE_CODE = /(`+)[^`\n][\s\S]*?\1/g;
const MDX_COMMENT = /\{\s*\/\*[\s\S]*?\*\/\s*\}/g;
const LAB_TAG = /<Lab\b([^>]*?)\/?>/g;
const QUIZ_TAG = /<Quiz\b([^>]*?)\/?>/g;
const ID_ATTRIBUTE = /\bid\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*["']([^"']*)["']\s*\})/;

/** One `<Lab>` tag found in a lesson body, with the 1-based line it starts on. */
export interface LabTag {
  /** The `id` attribute, or `undefined` when the tag has no literal id. */
  id: string | undefined;
  line: number;
}

/** Blanks out code so tag positions (line numbers) stay where they were in the source. */
function blankCode(source: string): string {
  const blank = (match: string) => match.replace(/[^\n]/g, ' ');
  return source.replace(FENCE, blank).replace(INLINE_CODE, blank).replace(MDX_COMMENT, blank);
}

/** Every `<Lab>` tag in an MDX body, in document order. */
export function findLabTags(mdxBody: string): LabTag[] {
  return findTags(mdxBody, LAB_TAG);
}

function findTags(mdxBody: string, pattern: RegExp): LabTag[] {
  const text = blankCode(mdxBody);
  const tags: LabTag[] = [];
  for (const match of text.matchAll(pattern)) {
    const attributes = ID_ATTRIBUTE.exec(match[1] ?? '');
    const id = attributes ? (attributes[1] ?? attributes[2] ?? attributes[3]) : undefined;
    const line = text.slice(0, match.index).split('\n').length;
    tags.push({ id, line });
  }
  return tags;
}

/** The distinct lab ids a lesson embeds, in the order they first appear. */
export function lessonLabIds(mdxBody: string): string[] {
  const ids = findLabTags(mdxBody).flatMap((tag) => (tag.id ? [tag.id] : []));
  return [...new Set(ids)];
}

/** The distinct quiz ids a lesson embeds with `<Quiz id>`, in the order they first appear. */
export function lessonQuizIds(mdxBody: string): string[] {
  const ids = findTags(mdxBody, QUIZ_TAG).flatMap((tag) => (tag.id ? [tag.id] : []));
  return [...new Set(ids)];
}
