import { markdownToMdast, type MdastNode } from 'satteri';
import { LabError } from './lab-error';

/** An element whose name starts with a capital (`<Callout>`) is an MDX component, not HTML. */
const COMPONENT = /^<\/?[A-Z]/;
/** MDX's ESM lines, which Markdown would print as text. */
const ESM = /^(import|export)\s/;
/** A JSX fragment, `<>…</>`, which Markdown would print as text. */
const FRAGMENT = /<\/?>/;

/**
 * Lab statements and hints are Markdown (CommonMark and GFM), rendered by Astro's Markdown pipeline, which
 * would print an MDX component, fragment or import as text or raw HTML. This names each one with its file
 * and line, so the author finds out at validation time, not from the page. Parsed with the parser Astro's
 * Markdown pipeline uses, so code spans and fences (where `<Foo />` is just code) are never flagged.
 */
export function mdxProblems(source: string, file: string): LabError[] {
  const problems: LabError[] = [];
  const refuse = (node: MdastNode, what: string) =>
    problems.push(
      new LabError(
        'ERR_LAB_MDX',
        file,
        `${what} is MDX; ${file.split('/').pop()} is Markdown (use Markdown or plain HTML instead)`,
        undefined,
        node.position?.start.line,
      ),
    );
  const visit = (node: MdastNode) => {
    if (node.type === 'html' && COMPONENT.test(node.value))
      refuse(node, `the component ${node.value.split(/[\s>]/)[0]}>`);
    if (node.type === 'text' && FRAGMENT.test(node.value)) refuse(node, 'a JSX fragment <>…</>');
    if (node.type === 'paragraph') {
      const first = node.children[0];
      if (first?.type === 'text' && ESM.test(first.value)) refuse(node, `"${first.value.split('\n')[0]}"`);
    }
    if ('children' in node) node.children.forEach((child) => visit(child as MdastNode));
  };
  visit(markdownToMdast(source, { features: { gfm: true, frontmatter: true } }));
  return problems;
}
