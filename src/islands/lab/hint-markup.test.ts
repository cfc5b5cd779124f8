import { describe, expect, it } from 'vitest';
import { parseHint } from './hint-markup';

describe('parseHint', () => {
  it('splits paragraphs and joins their wrapped lines', () => {
    expect(parseHint('One\nline.\n\nTwo.')).toEqual([
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'One line.' }] },
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'Two.' }] },
    ]);
  });

  it('keeps fenced code verbatim', () => {
    expect(
      parseHint('Call\n\n```ts\njwtVerify(token, keys, {\n  typ: "at+jwt",\n});\n```\n\nand return.'),
    ).toEqual([
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'Call' }] },
      { kind: 'code', text: 'jwtVerify(token, keys, {\n  typ: "at+jwt",\n});' },
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'and return.' }] },
    ]);
  });

  it('recognises code, strong and emphasis spans and leaves HTML as text', () => {
    expect(parseHint('Use `algorithms` for **this** API, *not* <b>that</b>.')).toEqual([
      {
        kind: 'paragraph',
        inlines: [
          { kind: 'text', text: 'Use ' },
          { kind: 'code', text: 'algorithms' },
          { kind: 'text', text: ' for ' },
          { kind: 'strong', text: 'this' },
          { kind: 'text', text: ' API, ' },
          { kind: 'em', text: 'not' },
          { kind: 'text', text: ' <b>that</b>.' },
        ],
      },
    ]);
  });
});
