/**
 * The Markdown subset hints are written in (paragraphs, fenced code, `code`, **strong**, *emphasis*), parsed
 * into plain data so the island renders it with React elements: no HTML string ever reaches the DOM.
 */
export type Inline = { kind: 'text' | 'code' | 'strong' | 'em'; text: string };
export type Block = { kind: 'code'; text: string } | { kind: 'paragraph'; inlines: Inline[] };

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*/g;

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

export function parseHint(markdown: string): Block[] {
  const blocks: Block[] = [];
  const parts = markdown.replace(/\r\n/g, '\n').split(/^```[a-z]*\n([\s\S]*?)^```\s*$/m);
  parts.forEach((part, i) => {
    // split() with one capture group alternates prose (even) and fenced code (odd).
    if (i % 2 === 1) return void blocks.push({ kind: 'code', text: part.replace(/\n$/, '') });
    for (const paragraph of part.split(/\n\s*\n/)) {
      const text = paragraph.trim().replace(/\s*\n\s*/g, ' ');
      if (text) blocks.push({ kind: 'paragraph', inlines: parseInlines(text) });
    }
  });
  return blocks;
}
