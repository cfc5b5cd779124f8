import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy } from '../../src/integrations/content-security-policy';
import { cspMetaTag, renderHeadersFile, withCspMeta } from '../../src/integrations/security-headers';

const policy = buildContentSecurityPolicy(['sha256-abc=']);

describe('cspMetaTag', () => {
  it('carries the header policy without frame-ancestors, which a meta policy cannot express', () => {
    const meta = cspMetaTag(policy);
    expect(meta).toContain("script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval' 'sha256-abc='");
    expect(meta).toContain("connect-src 'self'");
    expect(meta).not.toContain('frame-ancestors');
    expect(renderHeadersFile(policy)).toContain("frame-ancestors 'self'");
  });
});

describe('withCspMeta', () => {
  it('puts the policy first in <head>, before any script it governs', () => {
    const html =
      '<!doctype html><html lang="en"><head data-x="1"><script src="/a.js"></script></head></html>';
    const out = withCspMeta(html, cspMetaTag(policy));
    expect(out.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(out.indexOf('<script'));
    expect(out.indexOf('<head data-x="1">')).toBeLessThan(out.indexOf('<meta'));
  });

  it('leaves a page that already has a policy alone, so rebuilding never stacks two', () => {
    const once = withCspMeta('<html><head></head></html>', cspMetaTag(policy));
    expect(withCspMeta(once, cspMetaTag(policy))).toBe(once);
  });
});
