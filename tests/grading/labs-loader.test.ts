import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseFrontmatter } from 'astro/markdown';
import { validateConfig } from 'astro/config';
import type { LoaderContext } from 'astro/loaders';
import { beforeAll, describe, expect, it } from 'vitest';
import userConfig from '../../astro.config.mjs';
import { labsLoader } from '../../src/lab-format/labs-loader';
import type { LabEntry } from '../../src/schemas/lab-entry';
import { LabEntrySchema } from '../../src/schemas/lab-entry';

/**
 * The loader run as Astro's content layer runs it: the project's own resolved Markdown configuration
 * (processor, Shiki themes, GFM), rendering each statement and hint the way `renderMarkdown` does. Only
 * the data store and the logger, Astro's side of the interface, are stand-ins.
 */
const entries = new Map<string, { data: LabEntry; rendered?: { html: string }; filePath?: string }>();
const errors: string[] = [];

beforeAll(async () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const config = await validateConfig(userConfig, root, 'build');
  const { markdown, image } = config;
  // The options Astro's content layer passes (content-layer.js, #processMarkdown).
  const rendererOptions = {
    image,
    syntaxHighlight: markdown.syntaxHighlight,
    shikiConfig: markdown.shikiConfig,
    gfm: markdown.gfm,
    smartypants: markdown.smartypants,
  } as Parameters<typeof markdown.processor.createRenderer>[0];
  const renderer = await markdown.processor.createRenderer(rendererOptions);
  const context = {
    collection: 'labs',
    config: { ...config, root: pathToFileURL(`${root}/`) },
    logger: { error: (message: string) => errors.push(message) },
    store: {
      clear: () => entries.clear(),
      set: (entry: { id: string; data: LabEntry }) => Boolean(entries.set(entry.id, entry)),
    },
    parseData: async ({ data }: { data: unknown }) => LabEntrySchema.parse(data),
    renderMarkdown: async (content: string, options?: { fileURL?: URL }) => {
      const { frontmatter, content: body } = parseFrontmatter(content);
      const { code } = await renderer.render(body, {
        frontmatter,
        ...(options?.fileURL ? { fileURL: options.fileURL } : {}),
      });
      return { html: code };
    },
    generateDigest: (data: unknown) => JSON.stringify(data).length.toString(16),
  } as unknown as LoaderContext;
  await labsLoader({ base: 'tests/fixtures/labs' }).load(context);
}, 60_000);

const statement = () => entries.get('verify-token')?.rendered?.html ?? '';

describe('labsLoader', () => {
  it('reads each lab through the lab reader, reporting broken folders by file and code', () => {
    expect(entries.get('verify-token')?.data).toMatchObject({
      title: 'Verify a token (engine fixture)',
      editableFile: 'verify-token.ts',
      starterHash: expect.stringMatching(/^[0-9a-f]{16}$/),
      checksHash: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(entries.get('verify-token')?.filePath).toBe('tests/fixtures/labs/verify-token/lab.md');
    expect(entries.has('broken-bad-meta')).toBe(false);
    expect(
      errors.some(
        (e) => e.includes('broken-bad-meta/lab.md:5 (timeoutMs)') && e.includes('[ERR_LAB_META_INVALID]'),
      ),
    ).toBe(true);
  });

  it('renders GFM tables, links, autolinks, lists, task lists, emphasis, strikethrough and blockquotes', () => {
    const html = statement();
    expect(html).toMatch(
      /<table>[\s\S]*<th>the token<\/th>[\s\S]*<td>minted for <strong>another<\/strong> API<\/td>/,
    );
    expect(html).toContain('<a href="https://www.rfc-editor.org/rfc/rfc8725">RFC 8725</a>');
    expect(html).toContain(
      '<a href="https://www.rfc-editor.org/rfc/rfc7519">https://www.rfc-editor.org/rfc/rfc7519</a>',
    );
    expect(html).toContain('<a href="https://datatracker.ietf.org/">https://datatracker.ietf.org/</a>');
    expect(html).toMatch(/<ol>\s*<li>Build the key set/);
    expect(html).toMatch(/<em>issuer<\/em> and <em>audience<\/em>/);
    expect(html).toMatch(/<blockquote>\s*<p>A valid signature/);
    expect(html).toContain('<del>Decode the token and trust its claims.</del>');
    expect(html).toMatch(/<input[^>]*type="checkbox"[^>]*checked[^>]*> check the signature/);
    expect(html).not.toContain('| the token');
  });

  it('highlights code fences with the lessons’ Shiki themes', () => {
    expect(statement()).toMatch(
      /<pre class="astro-code astro-code-themes github-light-default github-dark-default"/,
    );
    expect(statement()).toContain('--shiki-light:');
  });

  it('renders each hint once, keyed by its id, with the checks it is for', () => {
    expect(entries.get('verify-token')?.data.hints).toEqual([
      {
        id: 'pass-audience-jwtverify',
        for: ['verifyToken > rejects a token minted for another API'],
        html: '<p>Pass <code>audience</code> to <code>jwtVerify</code>.</p>\n',
      },
      {
        id: 'build-key-set-from',
        for: [],
        html: expect.stringContaining('never from the token'),
      },
    ]);
  });
});
