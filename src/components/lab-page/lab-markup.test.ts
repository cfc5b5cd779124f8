import { describe, expect, it } from 'vitest';
import { parseLabMarkup as parseHint } from './lab-markup';

describe('parseLabMarkup', () => {
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

describe('parseLabMarkup lists', () => {
  it('parses bullet and numbered lists with continuation lines', () => {
    expect(parseHint('Rules:\n\n1. publish **first**;\n   then wait\n2. promote\n\n- one\n- `two`')).toEqual([
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'Rules:' }] },
      {
        kind: 'list',
        ordered: true,
        items: [
          [
            { kind: 'text', text: 'publish ' },
            { kind: 'strong', text: 'first' },
            { kind: 'text', text: '; then wait' },
          ],
          [{ kind: 'text', text: 'promote' }],
        ],
      },
      {
        kind: 'list',
        ordered: false,
        items: [[{ kind: 'text', text: 'one' }], [{ kind: 'code', text: 'two' }]],
      },
    ]);
  });
});
