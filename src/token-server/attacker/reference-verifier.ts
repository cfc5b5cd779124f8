import { jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { strictOptions, trustedKeys, type VerifierPolicy } from './verifier-policy';

/** What a verifier hands to authorization: the verified claims and header. */
export interface VerifiedToken {
  payload: JWTPayload;
  protectedHeader: ProtectedHeaderParameters;
}

export type TokenVerifier = (token: string) => Promise<VerifiedToken>;

/**
 * jose used correctly: algorithm allow-list, issuer, audience, typ, required claims, maxTokenAge, and
 * keys only from configuration. The "fix" every naive verifier is compared with.
 */
export function createReferenceVerifier(policy: VerifierPolicy): TokenVerifier {
  const keys = trustedKeys(policy);
  return async (token) => {
    const { payload, protectedHeader } = await jwtVerify(token, keys, strictOptions(policy));
    return { payload, protectedHeader };
  };
}
