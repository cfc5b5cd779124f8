import { jwtVerify } from 'jose';
import { publicKeyEncodings, utf8 } from '../public-key-encodings';
import { createReferenceVerifier } from '../reference-verifier';
import { strictOptions } from '../verifier-policy';
import { defineNaiveVerifier } from './naive-verifier';
import { claimsWithoutSignature, decodeHeader } from './unverified-claims';

export const decodeOnly = defineNaiveVerifier(
  {
    id: 'decode-only',
    name: 'Decode-only verifier',
    flaw: 'It checks every claim the reference verifier checks, but never verifies the signature.',
    fix: 'Authorise only from jwtVerify output; decodeJwt() verifies nothing.',
    exploitedBy: [
      { attack: 'A1', variants: ['tampered-payload', 'truncated-signature'] },
      { attack: 'A2', variants: ['none', 'None', 'NONE', 'nOnE'] },
      { attack: 'A3', variants: ['stripped'] },
      { attack: 'A4', variants: ['empty-secret', 'secret', 'your-256-bit-secret'] },
      { attack: 'A5', variants: ['pem', 'pem-newline', 'der', 'jwk-json', 'modulus'] },
      {
        attack: 'A6',
        variants: [
          'recovered-pem',
          'recovered-pem-newline',
          'recovered-der',
          'recovered-jwk-json',
          'recovered-modulus',
        ],
      },
      {
        attack: 'A7',
        variants: [
          'dev-null-traversal',
          'dev-null-absolute',
          'proc-file-traversal',
          'sql-union',
          'command',
          'empty-kid',
        ],
      },
      { attack: 'A8', variants: ['jku', 'jku-own-kid', 'x5u'] },
      { attack: 'A9', variants: ['jwk-header'] },
      { attack: 'A10', variants: ['zero-r-s', 'der-zero'] },
      { attack: 'A11', variants: ['der-signature'] },
      { attack: 'A20', variants: Array.from({ length: 20 }, (_, i) => `random-kid-${i + 1}`) },
      { attack: 'C2', variants: ['RS256', 'PS256', 'ES256', 'Ed25519', 'HS256'] },
      { attack: 'C9', variants: ['foreign-issuer-key'] },
      { attack: 'C34', variants: ['retired-key'] },
    ],
    policies: 'any',
  },
  (policy) => async (token) => claimsWithoutSignature(token, policy),
);

export const acceptsAlgNone = defineNaiveVerifier(
  {
    id: 'accepts-alg-none',
    name: 'Verifier that honours alg none',
    flaw: 'When the header says alg none (in any letter case) it skips the signature check, as if the token were trusted.',
    fix: 'Pass algorithms: [the issuer alg]; jwtVerify never accepts unsecured tokens.',
    exploitedBy: [{ attack: 'A2', variants: ['none', 'None', 'NONE', 'nOnE'] }],
    policies: 'any',
  },
  (policy) => {
    const reference = createReferenceVerifier(policy);
    return async (token) => {
      const { alg } = decodeHeader(token);
      if (typeof alg === 'string' && alg.toLowerCase() === 'none')
        return claimsWithoutSignature(token, policy);
      return reference(token);
    };
  },
);

export const algFromHeader = defineNaiveVerifier(
  {
    id: 'alg-from-header',
    name: 'Verifier that takes the algorithm from the header',
    flaw: "For an HS* header it uses the issuer's public key PEM as the HMAC secret, because the key is 'the verification key'.",
    fix: 'Pin algorithms and keep keys typed (importSPKI(pem, alg) or a JWKS), never raw PEM bytes.',
    exploitedBy: [
      { attack: 'A5', variants: ['pem'] },
      { attack: 'A6', variants: ['recovered-pem'] },
    ],
    policies: 'asymmetric',
  },
  (policy) => {
    const reference = createReferenceVerifier(policy);
    return async (token) => {
      const header = decodeHeader(token);
      if (typeof header.alg !== 'string' || !header.alg.startsWith('HS')) return reference(token);
      // "The verification key" as this server keeps it: the PEM of the published key the kid names.
      const jwk = policy.jwks.keys.find((k) => k.kid === header.kid) ?? policy.jwks.keys[0];
      if (!jwk) return reference(token);
      const pem = utf8((await publicKeyEncodings(jwk, policy.alg)).pem);
      // The learner mistake of attack A5: key = Uint8Array(PEM), no `algorithms`.
      const { algorithms: _ignored, ...options } = strictOptions(policy);
      const { payload, protectedHeader } = await jwtVerify(token, pem, options);
      return { payload, protectedHeader };
    };
  },
);
