import type { SvgComponent } from 'astro/types';

const diagrams = import.meta.glob<{ default: SvgComponent }>('/src/assets/diagrams/*.svg', { eager: true });

/** Names authors may use in `<Figure src>`: the file names in src/assets/diagrams without `.svg`. */
function diagramNames(): string[] {
  return Object.keys(diagrams).map((path) => path.replace(/^.*\//, '').replace(/\.svg$/, ''));
}

/** The SVG component for `<Figure src>`; an unknown name fails the build listing the known ones. */
export function resolveDiagram(src: string | SvgComponent, where: string): SvgComponent {
  if (typeof src === 'function') return src;
  if (typeof src !== 'string' || src.length === 0) {
    throw new Error(
      `${where}: "src" is required: a diagram name from src/assets/diagrams or an imported SVG.`,
    );
  }
  const name = src.replace(/\.svg$/, '');
  const found = diagrams[`/src/assets/diagrams/${name}.svg`];
  if (!found) {
    const known = diagramNames().join(', ') || 'none yet';
    throw new Error(`${where}: src="${src}" is not a diagram in src/assets/diagrams (known: ${known}).`);
  }
  return found.default;
}
