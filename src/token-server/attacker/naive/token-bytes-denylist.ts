import { base64url } from 'jose';

/**
 * A deny-list keyed on SHA-256 of the token string: the design the OWASP JWT cheat sheet warns
 * against. Its one flaw: a malleated re-encoding of a revoked token (A11) hashes differently, so it
 * passes; key on (iss, jti) instead.
 */
export interface TokenBytesDenylist {
  revoke(token: string): Promise<void>;
  isRevoked(token: string): Promise<boolean>;
}

async function digest(token: string): Promise<string> {
  return base64url.encode(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))),
  );
}

export function createTokenBytesDenylist(): TokenBytesDenylist {
  const revoked = new Set<string>();
  return {
    async revoke(token) {
      revoked.add(await digest(token));
    },
    async isRevoked(token) {
      return revoked.has(await digest(token));
    },
  };
}
