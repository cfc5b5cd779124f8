/**
 * The Markdown subset lab statements and hints are written in (paragraphs, lists, fenced code, `code`,
 * **strong**, *emphasis*), parsed into plain data. Lab.astro and the island render it as elements, so no
 * HTML string is ever injected, and the island needs no Markdown library.
 */
export type Inline = { kind: 'text' | 'code' | 'strong' | 'em'; text: string };
export type Block =
  | { kind: 'code'; text: string }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] };

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*/g;
const ITEM = /^\s*([-*]|\d+\.)\s+/;

export function parseInlines(text: string): Inline[] {
  const inlines: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) inlines.push({ kind: 'text', text: text.slice(last, match.index) });
    const [, code, strong, em] = match;
    if (code !== undefined) inlines.push({ kind: 'code', text: code });
    else if (strong !== undefined) inlines.push({ kind: 'strong', text: strong });
    else inlines.push({ kind: 'em', text: em! });
    last = match.index + match[0].length;
  }
  if (last < text.length) inlines.push({ kind: 'text', text: text.slice(last) });
  return inlines;
}

const joinLines = (lines: string[]) => lines.map((l) => l.trim()).join(' ');

function parseProse(chunk: string, blocks: Block[]) {
  const lines = chunk.split('\n');
  if (!ITEM.test(lines[0] ?? '')) {
    const text = joinLines(lines);
    if (text) blocks.push({ kind: 'paragraph', inlines: parseInlines(text) });
    return;
  }
  // A list: each marker starts an item, indented lines continue it.
  const items: string[][] = [];
  for (const line of lines) {
    if (ITEM.test(line)) items.push([line.replace(ITEM, '')]);
    else items.at(-1)!.push(line);
  }
  blocks.push({
    kind: 'list',
    ordered: /^\s*\d/.test(lines[0]!),
    items: items.map((item) => parseInlines(joinLines(item))),
  });
}

export function parseLabMarkup(markdown: string): Block[] {
  const blocks: Block[] = [];
  const parts = markdown.replace(/\r\n/g, '\n').split(/^```[a-z]*\n([\s\S]*?)^```[ \t]*$/m);
  parts.forEach((part, i) => {
    // split() with one capture group alternates prose (even) and fenced code (odd).
    if (i % 2 === 1) return void blocks.push({ kind: 'code', text: part.replace(/\n$/, '') });
    for (const chunk of part.split(/\n[ \t]*\n/))
      if (chunk.trim()) parseProse(chunk.replace(/^\n+|\n+$/g, ''), blocks);
  });
  return blocks;
}
