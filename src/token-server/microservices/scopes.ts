import type { JWTPayload } from 'jose';

/** The scopes a verified token grants: its space-separated `scope` claim (RFC 9068 §2.2.3, RFC 6749 §3.3). */
export function grantedScopes(payload: JWTPayload): Set<string> {
  const scope = payload['scope'];
  return new Set(typeof scope === 'string' ? scope.split(' ').filter((s) => s !== '') : []);
}

/** The required scopes the token lacks (empty: authorised). */
export function missingScopes(payload: JWTPayload, required: readonly string[]): string[] {
  const granted = grantedScopes(payload);
  return required.filter((scope) => !granted.has(scope));
}
