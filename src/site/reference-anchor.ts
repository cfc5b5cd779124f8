/**
 * Where the references page lists a standard, guide or CVE: `RFC 8725` is `#rfc-8725`. The page gives each
 * entry this id, and lab pages link clauses such as `RFC 8725 §3.1` to it.
 */
export function referenceAnchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/**
 * A clause as checks and labs write it: an RFC, CVE, draft, OpenID specification or OWASP guide, then
 * optionally its section.
 */
const CLAUSE_SPEC =
  /^(RFC \d{4}|CVE-\d{4}-\d{4,}|draft-[a-z0-9-]+|OpenID Connect [A-Za-z]+ \d+\.\d+|OWASP (?:ASVS \d+\.\d+|[A-Za-z ]+? Cheat Sheet))/;

/**
 * The references page's anchor for the standard a clause cites, or `undefined` when it names none the page
 * can list (tests/content/references-coverage.test.ts keeps every cited one listed).
 */
export function clauseAnchor(clause: string): string | undefined {
  const spec = CLAUSE_SPEC.exec(clause)?.[1];
  return spec === undefined ? undefined : referenceAnchor(spec);
}
