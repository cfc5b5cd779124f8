import { jwtVerify, type JWTVerifyOptions } from 'jose';
import type { TokenVerifier } from '../reference-verifier';
import { strictOptions, trustedKeys, type VerifierPolicy } from '../verifier-policy';
import { defineNaiveVerifier } from './naive-verifier';

/** The reference verifier with its jwtVerify options changed: the one flaw of each claim-check verifier. */
function withOptions(
  policy: VerifierPolicy,
  change: (options: JWTVerifyOptions) => JWTVerifyOptions,
): TokenVerifier {
  const keys = trustedKeys(policy);
  return async (token) => {
    const { payload, protectedHeader } = await jwtVerify(token, keys, change(strictOptions(policy)));
    return { payload, protectedHeader };
  };
}

export const ignoresAudience = defineNaiveVerifier(
  {
    id: 'ignores-audience',
    name: 'Verifier without an audience check',
    flaw: 'It does not pass audience to jwtVerify, so a token minted for another service (or for none) is accepted.',
    fix: "Pass audience: this service's identifier (RFC 8725 §3.9).",
    exploitedBy: [{ attack: 'A13', variants: ['other-audience', 'missing-aud'] }],
    policies: 'any',
  },
  (policy) => withOptions(policy, ({ audience: _dropped, ...options }) => options),
);

export const ignoresTyp = defineNaiveVerifier(
  {
    id: 'ignores-typ',
    name: 'Verifier without explicit typing',
    flaw: 'It does not pass typ to jwtVerify, so other JWT kinds signed by the same key pass as access tokens.',
    fix: "Pass typ: 'at+jwt' (RFC 8725 §3.11, RFC 9068 §4).",
    exploitedBy: [{ attack: 'A14', variants: ['dpop-proof', 'internal-token', 'refresh-token', 'no-typ'] }],
    policies: 'any',
  },
  (policy) => withOptions(policy, ({ typ: _dropped, ...options }) => options),
);

export const lenientTime = defineNaiveVerifier(
  {
    id: 'lenient-time',
    name: 'Verifier on jose time defaults',
    flaw: 'It neither requires exp nor sets maxTokenAge, so tokens without exp, issued in the future or living for years pass.',
    fix: "requiredClaims: ['exp', 'iat', …] and maxTokenAge: the policy lifetime.",
    exploitedBy: [{ attack: 'A12', variants: ['no-exp', 'future-iat', 'ten-year-exp', 'infinite-exp'] }],
    policies: 'any',
  },
  (policy) =>
    withOptions(policy, ({ maxTokenAge: _dropped, requiredClaims, ...options }) => ({
      ...options,
      requiredClaims: (requiredClaims ?? []).filter((claim) => claim !== 'exp' && claim !== 'iat'),
    })),
);

export const ignoresCrit = defineNaiveVerifier(
  {
    id: 'ignores-crit',
    name: 'Verifier that declares extensions it does not implement',
    flaw: 'It tells jwtVerify it understands the issuer extension (crit option) but never checks the extension value.',
    fix: 'Declare crit only for extensions you enforce; otherwise let jose reject the token.',
    exploitedBy: [{ attack: 'A16', variants: ['unknown-extension'] }],
    policies: 'any',
  },
  (policy) =>
    withOptions(policy, (options) => ({
      ...options,
      crit: { 'https://issuer.example.test/ext/binding': true },
    })),
);
