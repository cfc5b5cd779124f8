import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { attackFacts } from './jose-facts/attack-facts';
import { clientFacts } from './jose-facts/client-facts';
import { defaultsFacts } from './jose-facts/defaults-facts';
import { httpFacts } from './jose-facts/http-facts';
import { issuanceFacts } from './jose-facts/issuance-facts';
import { jwksFacts } from './jose-facts/jwks-facts';
import { keyFacts } from './jose-facts/key-facts';
import { revocationFacts } from './jose-facts/revocation-facts';
import { shapeFacts } from './jose-facts/shape-facts';
import { verifyBasicsFacts } from './jose-facts/verify-basics-facts';
import { verifyOptionsFacts } from './jose-facts/verify-options-facts';

/**
 * Every `<JoseFact id="…">` in the lessons is a statement about jose's behaviour. This suite holds one
 * executable assertion per id and runs it against the installed jose, so a jose upgrade that changes a
 * behaviour the course describes fails here. Unknown ids (in content, not here) and unused ids fail too.
 */
const FACTS = {
  ...shapeFacts,
  ...keyFacts,
  ...verifyBasicsFacts,
  ...issuanceFacts,
  ...verifyOptionsFacts,
  ...httpFacts,
  ...attackFacts,
  ...revocationFacts,
  ...jwksFacts,
  ...defaultsFacts,
  ...clientFacts,
};

const CONTENT = join(import.meta.dirname, '../../content');
const JOSE_VERSION = '6.2.18';

function lessonFiles(): string[] {
  return readdirSync(CONTENT, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.mdx'))
    .map((file) => join(CONTENT, file));
}

function citedFactIds(): Map<string, string[]> {
  const cited = new Map<string, string[]>();
  for (const file of lessonFiles()) {
    const text = readFileSync(file, 'utf8');
    for (const tag of text.matchAll(/<JoseFact\b[^>]*>/g)) {
      const id = /\bid="([a-z0-9-]+)"/.exec(tag[0])?.[1];
      if (!id) throw new Error(`${file}: <JoseFact> without a kebab-case id: ${tag[0]}`);
      cited.set(id, [...(cited.get(id) ?? []), file]);
    }
  }
  return cited;
}

describe('jose claims in the lessons', () => {
  const cited = citedFactIds();

  it(`runs against jose ${JOSE_VERSION}, the version the lessons describe`, () => {
    const require = createRequire(import.meta.url);
    const pkg = JSON.parse(readFileSync(join(require.resolve('jose'), '../../../package.json'), 'utf8')) as {
      version: string;
    };
    expect(pkg.version).toBe(JOSE_VERSION);
  });

  it('has an assertion for every fact id the lessons cite', () => {
    const unknown = [...cited.keys()].filter((id) => !(id in FACTS));
    expect(unknown, `ids cited in content/ without an assertion here`).toEqual([]);
  });

  it('cites every fact it asserts somewhere in the lessons', () => {
    const unused = Object.keys(FACTS).filter((id) => !cited.has(id));
    expect(unused, `assertions no lesson cites any more`).toEqual([]);
  });

  describe('each fact holds for the installed jose', () => {
    for (const [id, fact] of Object.entries(FACTS)) {
      it(id, fact);
    }
  });
});
