import { parseLabMarkup, type Inline } from './lab-markup';

function Inlines({ inlines }: { inlines: Inline[] }) {
  return inlines.map((inline, i) => {
    if (inline.kind === 'code') return <code key={i}>{inline.text}</code>;
    if (inline.kind === 'strong') return <strong key={i}>{inline.text}</strong>;
    if (inline.kind === 'em') return <em key={i}>{inline.text}</em>;
    return <span key={i}>{inline.text}</span>;
  });
}

/** Lab Markdown as elements: rendered statically by Lab.astro (no JS) and inside the island for hints. */
export default function LabMarkup({ markdown }: { markdown: string }) {
  return parseLabMarkup(markdown).map((block, i) => {
    if (block.kind === 'code') {
      return (
        <pre key={i}>
          <code>{block.text}</code>
        </pre>
      );
    }
    if (block.kind === 'paragraph') {
      return (
        <p key={i}>
          <Inlines inlines={block.inlines} />
        </p>
      );
    }
    const List = block.ordered ? 'ol' : 'ul';
    return (
      <List key={i}>
        {block.items.map((item, j) => (
          <li key={j}>
            <Inlines inlines={item} />
          </li>
        ))}
      </List>
    );
  });
}
