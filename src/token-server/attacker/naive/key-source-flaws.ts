import { EmbeddedJWK, createRemoteJWKSet, customFetch, errors, importX509, jwtVerify } from 'jose';
import { KEY_DIRECTORY, PREDICTABLE_FILES } from '../predictable-files';
import { hmacKeyBytes } from '../raw-signature';
import { createReferenceVerifier } from '../reference-verifier';
import { strictOptions, type VerifierPolicy } from '../verifier-policy';
import { defineNaiveVerifier } from './naive-verifier';
import { decodeHeader } from './unverified-claims';

function networkOf(policy: VerifierPolicy): typeof fetch {
  return policy.fetch ?? ((input, init) => globalThis.fetch(input, init));
}

export const followsHeaderUrls = defineNaiveVerifier(
  {
    id: 'follows-header-urls',
    name: 'Verifier that follows jku / x5u',
    flaw: 'When the header names a jku or x5u URL it fetches the keys from there instead of from its configured JWKS.',
    fix: 'Take the JWKS URL from configuration (or RFC 8414 metadata of the configured issuer), never from the token.',
    exploitedBy: [{ attack: 'A8', variants: ['jku', 'jku-own-kid', 'x5u'] }],
    policies: 'asymmetric',
  },
  (policy) => {
    const reference = createReferenceVerifier(policy);
    const network = networkOf(policy);
    return async (token) => {
      const header = decodeHeader(token);
      if (typeof header.jku === 'string') {
        const keys = createRemoteJWKSet(new URL(header.jku), {
          [customFetch]: (url, init) => network(url, init),
        });
        const { payload, protectedHeader } = await jwtVerify(token, keys, strictOptions(policy));
        return { payload, protectedHeader };
      }
      if (typeof header.x5u === 'string') {
        const pem = await (await network(header.x5u)).text();
        const key = await importX509(pem, policy.alg);
        const { payload, protectedHeader } = await jwtVerify(token, key, strictOptions(policy));
        return { payload, protectedHeader };
      }
      return reference(token);
    };
  },
);

export const trustsEmbeddedJwk = defineNaiveVerifier(
  {
    id: 'trusts-embedded-jwk',
    name: 'Verifier that trusts an embedded jwk',
    flaw: 'When the header carries a jwk it verifies with that key (jose EmbeddedJWK) without binding it to anything it trusts.',
    fix: 'Use EmbeddedJWK only for DPoP proofs, with the thumbprint bound to cnf.jkt; access tokens use the issuer JWKS.',
    exploitedBy: [{ attack: 'A9', variants: ['jwk-header'] }],
    policies: 'asymmetric',
  },
  (policy) => {
    const reference = createReferenceVerifier(policy);
    return async (token) => {
      const header = decodeHeader(token);
      if (!header.jwk) return reference(token);
      const { payload, protectedHeader } = await jwtVerify(token, EmbeddedJWK, strictOptions(policy));
      return { payload, protectedHeader };
    };
  },
);

/** `path.join` semantics: segments joined, `.` dropped, `..` pops (never above the root). */
function joinPath(directory: string, name: string): string {
  const parts: string[] = [];
  for (const segment of `${directory}/${name}`.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return `/${parts.join('/')}`;
}

export const kidAsFilePath = defineNaiveVerifier(
  {
    id: 'kid-as-file-path',
    name: 'Verifier that reads the key file named by kid',
    flaw: 'It loads the HMAC key from path.join(keyDirectory, kid), so a kid with ../ selects any file on the host.',
    fix: 'Look kid up in a fixed map or JWKS (exact match) and fail with JWKSNoMatchingKey on a miss.',
    exploitedBy: [{ attack: 'A7', variants: ['dev-null-traversal', 'proc-file-traversal'] }],
    policies: 'symmetric',
  },
  (policy) => {
    const files = new Map<string, Uint8Array>(
      Object.entries(PREDICTABLE_FILES).map(([p, c]) => [p, new TextEncoder().encode(c)]),
    );
    for (const [kid, secret] of policy.secrets) files.set(joinPath(KEY_DIRECTORY, kid), secret);
    return async (token) => {
      const { payload, protectedHeader } = await jwtVerify(
        token,
        (header) => {
          const content = files.get(joinPath(KEY_DIRECTORY, header.kid ?? ''));
          if (!content) throw new errors.JWKSNoMatchingKey();
          // Node's createHmac accepts an empty key; WebCrypto needs the RFC 2104 zero-padded equivalent.
          return hmacKeyBytes(policy.alg, content);
        },
        strictOptions(policy),
      );
      return { payload, protectedHeader };
    };
  },
);
