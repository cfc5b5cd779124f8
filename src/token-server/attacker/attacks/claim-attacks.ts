import { defineAttack, type AttackEntry } from '../attack';
import { nowSeconds } from '../attack-target';
import { mintValidToken, signWith, validParts } from '../valid-token';

const DAY = 86_400;

export const validityWindow = defineAttack(
  {
    id: 'A12',
    name: 'Missing exp and clock abuse',
    note: 'Tokens that never expire, expired or not yet valid, issued in the future, or issued long ago with a far exp.',
    clauses: ['RFC 7519 §4.1.4', 'RFC 7519 §4.1.5', 'RFC 7519 §4.1.6', 'RFC 9068 §4', 'OWASP ASVS 5.0 9.2.1'],
    checklist: [12, 19],
  },
  async ({ target }) => {
    const now = nowSeconds(target);
    const past = target.clockToleranceSeconds + 5;
    const issuedLongAgo = now - DAY;
    const { header, claims } = validParts(target, {
      claims: { iat: issuedLongAgo },
    });
    // JSON.stringify cannot write 1e400; JSON.parse reads it as Infinity (attack A12).
    const infinite = JSON.stringify({ ...claims, exp: 0 }).replace('"exp":0', '"exp":1e400');
    return [
      {
        variant: 'no-exp',
        token: await mintValidToken(target, { omitClaims: ['exp'] }),
        note: 'No exp claim: without requiredClaims the token is valid forever.',
        strict: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      },
      {
        variant: 'expired',
        token: await mintValidToken(target, {
          claims: { iat: now - target.lifetimeSeconds - past, exp: now - past },
        }),
        note: `exp ${past} s in the past, just beyond the ${target.clockToleranceSeconds} s tolerance.`,
        strict: 'ERR_JWT_EXPIRED',
      },
      {
        variant: 'not-yet-valid',
        token: await mintValidToken(target, {
          claims: { nbf: now + target.clockToleranceSeconds + 120 },
        }),
        note: `nbf ${target.clockToleranceSeconds + 120} s in the future.`,
        strict: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      },
      {
        variant: 'future-iat',
        token: await mintValidToken(target, {
          claims: { iat: now + 3600, exp: now + 3600 + target.lifetimeSeconds },
        }),
        note: 'iat one hour in the future: accepted unless maxTokenAge is set.',
        strict: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      },
      {
        variant: 'ten-year-exp',
        token: await mintValidToken(target, {
          claims: { iat: issuedLongAgo, exp: issuedLongAgo + 3650 * DAY },
        }),
        note: 'Issued a day ago with exp ten years ahead: only maxTokenAge bounds its lifetime.',
        strict: 'ERR_JWT_EXPIRED',
      },
      {
        variant: 'infinite-exp',
        token: await signWith(target.key, header, infinite),
        note: 'exp written as 1e400, which parses to Infinity; issued a day ago.',
        strict: 'ERR_JWT_EXPIRED',
      },
      {
        variant: 'string-exp',
        token: await mintValidToken(target, {
          claims: { exp: String(now + target.lifetimeSeconds) },
        }),
        note: 'exp as a string: not a NumericDate, so a verifier must not compare it.',
        strict: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      },
    ];
  },
);

export const audienceSubstitution = defineAttack(
  {
    id: 'A13',
    name: 'Audience substitution',
    note: 'A token the issuer minted for another service, or for no service, is replayed to this one.',
    clauses: ['RFC 7519 §4.1.3', 'RFC 8725 §3.9', 'RFC 9068 §4', 'RFC 9700 §2.3', 'OWASP ASVS 5.0 9.2.3'],
    checklist: [8, 30],
  },
  async ({ target }) => [
    {
      variant: 'other-audience',
      token: await mintValidToken(target, {
        claims: { aud: target.otherAudience },
      }),
      note: `aud ${target.otherAudience}: genuine, but meant for another service.`,
      strict: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    },
    {
      variant: 'missing-aud',
      token: await mintValidToken(target, { omitClaims: ['aud'] }),
      note: 'No aud claim at all.',
      strict: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    },
  ],
);

export const crossJwtConfusion = defineAttack(
  {
    id: 'A14',
    name: 'Cross-JWT confusion',
    note: 'Another kind of JWT signed by the same issuer key (ID token, DPoP proof, internal or refresh token) is used as an access token.',
    clauses: ['RFC 8725 §3.11', 'RFC 8725 §3.12', 'RFC 9068 §2.1', 'RFC 9068 §4', 'OWASP ASVS 5.0 9.2.2'],
    checklist: [11, 32],
  },
  async ({ target }) => {
    const clientId =
      typeof target.claims['client_id'] === 'string' ? target.claims['client_id'] : 'lab-client';
    const kinds: Array<[string, Record<string, unknown>, Record<string, unknown>, string]> = [
      [
        'id-token',
        { typ: 'JWT' },
        { aud: clientId, scope: undefined },
        'an OpenID ID token (typ JWT, aud = client_id)',
      ],
      [
        'dpop-proof',
        { typ: 'dpop+jwt' },
        { htm: 'GET', htu: target.audience },
        'a DPoP proof (typ dpop+jwt)',
      ],
      ['internal-token', { typ: 'internal+jwt' }, {}, "a gateway's internal token (typ internal+jwt)"],
      ['refresh-token', { typ: 'rt+jwt' }, {}, 'a JWT refresh token (typ rt+jwt)'],
    ];
    const entries = await Promise.all(
      kinds.map(async ([variant, header, claims, what]) => ({
        variant,
        token: await mintValidToken(target, {
          header,
          claims: Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined)),
          omitClaims: 'scope' in claims ? ['scope'] : [],
        }),
        note: `${what}, signed by the issuer's key.`,
        strict: 'ERR_JWT_CLAIM_VALIDATION_FAILED' as const,
      })),
    );
    entries.push({
      variant: 'no-typ',
      token: await mintValidToken(target, { omitHeader: ['typ'] }),
      note: 'An access token with no typ header: the verifier cannot tell which kind it is.',
      strict: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    });
    return entries;
  },
);

export const issuerBinding = defineAttack(
  {
    id: 'C9',
    name: 'Issuer pinning and key-to-issuer binding',
    note: "A token naming another issuer on the right key, or naming this issuer but signed by a second trusted issuer's key.",
    clauses: ['RFC 8725 §3.8', 'RFC 9068 §4', 'RFC 8414 §3.3'],
    checklist: [9],
  },
  async ({ target }) => {
    const entries: AttackEntry[] = [
      {
        variant: 'wrong-iss',
        token: await mintValidToken(target, {
          claims: { iss: 'https://evil-issuer.example.test' },
        }),
        note: "iss https://evil-issuer.example.test, signed with the real issuer's key.",
        strict: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      },
    ];
    if (target.foreignIssuer) {
      entries.push({
        variant: 'foreign-issuer-key',
        token: await mintValidToken(target, { key: target.foreignIssuer.key }),
        note: `iss ${target.issuer} but signed by ${target.foreignIssuer.issuer}'s key ${target.foreignIssuer.key.kid}.`,
        strict: 'ERR_JWKS_NO_MATCHING_KEY',
      });
    }
    return entries;
  },
);

export const retiredKey = defineAttack(
  {
    id: 'C34',
    name: 'Token from a retired key',
    note: 'A token signed by a key the issuer has removed from its JWKS, which must no longer verify.',
    clauses: ['RFC 7517 §9.1', 'RFC 9700 §2.6'],
    checklist: [34, 35],
  },
  async ({ target }) =>
    target.retiredKey
      ? [
          {
            variant: 'retired-key',
            token: await mintValidToken(target, { key: target.retiredKey }),
            note: `Signed by ${target.retiredKey.kid}, which the issuer has retired.`,
            strict: 'ERR_JWKS_NO_MATCHING_KEY',
          },
        ]
      : [],
);
