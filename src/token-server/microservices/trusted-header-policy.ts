import type { VerificationPolicy } from './verification-policy';

/** The identity headers a naive gateway sets and a naive service believes. */
export const IDENTITY_HEADERS = { sub: 'x-authenticated-user', scope: 'x-authenticated-scope' } as const;

/**
 * NAIVE, for break-then-fix labs. Its one flaw: the service takes the caller's identity and scopes from
 * headers it assumes only the gateway can set, and never verifies the bearer token itself. Anyone who
 * reaches the service directly (gateway bypass) names any user (OWASP Microservices Security cheat
 * sheet: do service-level authorization too; checklist #30, #39). The fix: verify the token at the
 * service with its own audience (`joseVerificationPolicy`).
 */
export function trustedHeaderPolicy(): VerificationPolicy {
  return (_token, context) => {
    const sub = context.request.headers.get(IDENTITY_HEADERS.sub);
    if (!sub) throw new TypeError(`no ${IDENTITY_HEADERS.sub} header`);
    return { sub, scope: context.request.headers.get(IDENTITY_HEADERS.scope) ?? '' };
  };
}
