import { oauthError } from './errors';

const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** Splits an RFC 6749 §3.3 `scope` value; a malformed one is `invalid_scope`. */
function parseScope(value: string): string[] {
  const parts = value.split(' ').filter((part) => part !== '');
  for (const part of parts) {
    if (!SCOPE_TOKEN.test(part))
      throw oauthError('invalid_scope', 'scope contains characters RFC 6749 section 3.3 does not allow');
  }
  return [...new Set(parts)];
}

/**
 * The scope to grant: the requested one when it is a subset of `allowed`, all of `allowed` when none was
 * requested (RFC 6749 §3.3 lets the server apply a default), `invalid_scope` otherwise. The same rule keeps a
 * refresh from widening the original grant (RFC 6749 §6).
 */
export function resolveScope(requested: string | null | undefined, allowed: readonly string[]): string[] {
  if (requested === null || requested === undefined) return [...allowed];
  const scope = parseScope(requested);
  const extra = scope.filter((item) => !allowed.includes(item));
  if (extra.length > 0) throw oauthError('invalid_scope', `scope not allowed here: ${extra.join(' ')}`);
  return scope;
}

export function formatScope(scope: readonly string[]): string {
  return scope.join(' ');
}
