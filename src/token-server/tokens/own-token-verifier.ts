import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { VirtualClock } from '../clock';
import type { KeySet } from '../keys/key-set';
import type { AccessTokenRecord, AccessTokenRegistry } from '../stores/access-token-registry';

/**
 * The access token record when `token` is one this server issued and is still active (RFC 7662 §2.2: signed by
 * one of its non-retired keys, this issuer, `at+jwt`, within `iat`/`exp`, not revoked); `undefined` otherwise.
 */
export async function activeAccessToken(
  token: string,
  deps: { issuer: string; keys: KeySet; clock: VirtualClock; registry: AccessTokenRegistry },
): Promise<AccessTokenRecord | undefined> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return undefined;
  }
  const key = kid === undefined ? undefined : deps.keys.verificationKey(kid);
  if (!key) return undefined;
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      issuer: deps.issuer,
      algorithms: [key.alg],
      typ: 'at+jwt',
      currentDate: deps.clock.now(),
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'aud', 'client_id'],
    });
    const record = typeof payload.jti === 'string' ? deps.registry.get(payload.jti) : undefined;
    if (!record || record.revoked || deps.clock.nowSeconds() >= record.exp) return undefined;
    return record;
  } catch {
    return undefined;
  }
}
