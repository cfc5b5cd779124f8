import { base64url } from 'jose';
import { createReferenceVerifier } from '../reference-verifier';
import { defineNaiveVerifier } from './naive-verifier';

export const identityFromRegex = defineNaiveVerifier(
  {
    id: 'identity-from-regex',
    name: 'Gateway that reads the subject with its own parser',
    flaw: 'It verifies the token with jose, then reads sub from the payload text with a regex, which keeps the first of duplicate members while JSON.parse keeps the last.',
    fix: 'Derive identity only from the jwtVerify payload, with the same parser as every downstream service.',
    exploitedBy: [{ attack: 'A21', variants: ['duplicate-sub'] }],
    policies: 'any',
  },
  (policy) => {
    const reference = createReferenceVerifier(policy);
    return async (token) => {
      const verified = await reference(token);
      const text = new TextDecoder().decode(base64url.decode(token.split('.')[1] ?? ''));
      const sub = /"sub"\s*:\s*"([^"]*)"/.exec(text)?.[1];
      return { ...verified, payload: { ...verified.payload, ...(sub === undefined ? {} : { sub }) } };
    };
  },
);
