import { describe, expect, it } from 'vitest';
import { clauseAnchor, referenceAnchor } from '../../src/site/reference-anchor';

describe('reference anchors', () => {
  it('names each references-page entry by its id', () => {
    expect(referenceAnchor('RFC 8725')).toBe('rfc-8725');
    expect(referenceAnchor('CVE-2022-21449')).toBe('cve-2022-21449');
    expect(referenceAnchor('OWASP JWT Cheat Sheet')).toBe('owasp-jwt-cheat-sheet');
  });

  it('finds the standard a clause cites, whatever section follows, and nothing in other text', () => {
    expect(clauseAnchor('RFC 8725 §3.1')).toBe('rfc-8725');
    expect(clauseAnchor('RFC 7519 §4.1.4–4.1.6')).toBe('rfc-7519');
    expect(clauseAnchor('CVE-2025-27370')).toBe('cve-2025-27370');
    expect(clauseAnchor('draft-ietf-oauth-rfc7523bis §4')).toBe('draft-ietf-oauth-rfc7523bis');
    expect(clauseAnchor('OWASP ASVS 5.0 §9.1.1')).toBe('owasp-asvs-5-0');
    expect(clauseAnchor('OWASP JWT Cheat Sheet (HMAC secret strength)')).toBe('owasp-jwt-cheat-sheet');
    expect(clauseAnchor('course policy')).toBeUndefined();
  });
});
