/**
 * Names that occur more than once among the top-level members of a JSON object text. `JSON.parse` keeps
 * the last one silently, other parsers the first: a gateway and a service can then disagree about `sub`
 * or `alg` (RFC 7519 §4 requires unique claim names). The text is already known to be valid JSON.
 */
export function duplicateMembers(json: string): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    if (ch === '"') {
      let end = i + 1;
      while (end < json.length && json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) {
        const name = JSON.parse(json.slice(i, end + 1)) as string;
        if (seen.has(name)) duplicates.add(name);
        seen.add(name);
        expectKey = false;
      }
      i = end;
    } else if (ch === '{' || ch === '[') {
      depth += 1;
      if (depth === 1 && ch === '{') expectKey = true;
    } else if (ch === '}' || ch === ']') {
      depth -= 1;
    } else if (ch === ',' && depth === 1) {
      expectKey = true;
    }
  }
  return [...duplicates];
}
