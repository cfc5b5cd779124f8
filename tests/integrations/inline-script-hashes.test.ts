import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inlineScriptHashes } from '../../src/integrations/inline-script-hashes';

const sha = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`;

describe('inlineScriptHashes', () => {
  it('hashes classic and module inline scripts exactly as written', () => {
    const html = '<script>a()</script><script type="module">b()</script>';
    expect(inlineScriptHashes(html)).toEqual([sha('a()'), sha('b()')]);
  });

  it('skips external scripts and data blocks', () => {
    const html = '<script src="/x.js"></script><script type="application/json">{"a":1}</script>';
    expect(inlineScriptHashes(html)).toEqual([]);
  });
});
