import { base64url, errors } from 'jose';
import { defineNaiveVerifier } from './naive-verifier';
import { verifyP256WithoutRangeCheck } from './textbook-p256';
import { claimsWithoutSignature, decodeHeader } from './unverified-claims';

export const psychicEcdsa = defineNaiveVerifier(
  {
    id: 'ecdsa-without-range-check',
    name: 'Hand-written ES256 verifier without the r, s range check',
    flaw: 'Its ECDSA verification skips the check that r and s lie in [1, n − 1], so r = s = 0 verifies any token (CVE-2022-21449).',
    fix: 'Verify with jose (WebCrypto), which rejects r = s = 0; keep the psychic token as a regression test for any other component.',
    exploitedBy: [{ attack: 'A10', variants: ['zero-r-s'] }],
    policies: 'es256',
  },
  (policy) => async (token) => {
    const header = decodeHeader(token);
    // Everything around the signature is as strict as the reference: pinned alg, exact kid match.
    if (header.alg !== policy.alg)
      throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
    const jwk = policy.jwks.keys.find((k) => k.kid === header.kid);
    if (!jwk) throw new errors.JWKSNoMatchingKey();
    const [h = '', p = '', s = ''] = token.split('.');
    const valid = await verifyP256WithoutRangeCheck(
      jwk,
      new TextEncoder().encode(`${h}.${p}`),
      base64url.decode(s),
    );
    if (!valid) throw new errors.JWSSignatureVerificationFailed();
    return claimsWithoutSignature(token, policy);
  },
);
