import { LAB_FILES } from './lab-layout.ts';

/**
 * The files `npm run new:lab -- <id>` writes: a small but complete lab (verify an access token's
 * signature, issuer, audience and expiry against the simulated token server) that passes `check:labs`
 * as generated, so an author starts from something green and edits it into their own lab.
 */
export function labTemplate(id: string): Record<string, string> {
  const title = id
    .split('-')
    .map((word, i) => (i === 0 ? word[0]?.toUpperCase() + word.slice(1) : word))
    .join(' ');
  const config = `export interface VerifyConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}
`;
  return {
    [LAB_FILES.meta]: `---
title: ${title}
summary: Accept only access tokens the configured issuer signed for this API, and reject expired ones.
editableFile: ${id}.ts
timeoutMs: 1500
references:
  - spec: RFC 8725
    section: '3.9'
    title: Use and validate the audience
  - spec: RFC 7519
    section: '4.1.4'
    title: Reject a JWT on or after its expiration time
---

\`verifyToken(token, config)\` must resolve to the token's claims only when the issuer in \`config\` signed it
with ES256 for \`config.audience\` and it has not expired. Otherwise it must throw jose's error.
`,
    [`${LAB_FILES.hintsDir}/01-pass-the-audience.md`]: `---
for:
  - verifyToken > rejects a token minted for another API
---

A valid signature says who signed the token, not for whom. Pass \`audience\` to \`jwtVerify\`.
`,
    [`${LAB_FILES.hintsDir}/02-keys-from-configuration.md`]: `Build the key set once from \`config.jwksUri\` with \`createRemoteJWKSet\`; never from the token.
`,
    [LAB_FILES.starter]: `import { decodeJwt, type JWTPayload } from 'jose';

${config}
export async function verifyToken(token: string, config: VerifyConfig): Promise<JWTPayload> {
  // Decoding reads the claims; it proves nothing. Verify the signature and the claims instead.
  void config;
  return decodeJwt(token);
}
`,
    [LAB_FILES.solution]: `import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

${config}
export async function verifyToken(token: string, config: VerifyConfig): Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  const { payload } = await jwtVerify(token, keys, {
    algorithms: ['ES256'],
    issuer: config.issuer,
    audience: config.audience,
  });
  return payload;
}
`,
    [LAB_FILES.checks]: `import { beforeEach, describe, expect, it } from 'vitest';
import { verifyToken } from '@lab/submission';
import { createTokenServer, evidence, labClock, type TokenServer } from '@lab/server';

let server: TokenServer;
let config: { issuer: string; audience: string; jwksUri: string };

beforeEach(async () => {
  server = await createTokenServer();
  config = { issuer: server.issuer, audience: server.audience, jwksUri: server.endpoints.jwks };
});

describe('verifyToken', () => {
  it('accepts a token the issuer minted for this API', async () => {
    const { token } = await server.issueAccessToken({ audience: server.audience });
    await expect(verifyToken(token, config)).resolves.toMatchObject({ iss: server.issuer, aud: server.audience });
  });

  it('rejects a token minted for another API', async () => {
    const { token } = await server.issueAccessToken({ audience: 'https://other-api.example.test' });
    evidence({ token, clauses: ['RFC 8725 §3.9'], note: 'A token minted for another API, replayed here.' });
    await expect(verifyToken(token, config)).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
  });

  it('rejects a token once the clock passes its exp', async () => {
    const { token } = await server.issueAccessToken({ audience: server.audience, expiresIn: 60 });
    await labClock().advance(120);
    await expect(verifyToken(token, config)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  });
});
`,
    [`${LAB_FILES.wrongDir}/forgot-audience.ts`]: `/**
 * Mistake: checks the signature and issuer but not the audience, so a token minted for another API is
 * accepted here too (RFC 8725 §3.9).
 *
 * @fails verifyToken > rejects a token minted for another API
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

${config}
export async function verifyToken(token: string, config: VerifyConfig): Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  const { payload } = await jwtVerify(token, keys, { algorithms: ['ES256'], issuer: config.issuer });
  return payload;
}
`,
  };
}
