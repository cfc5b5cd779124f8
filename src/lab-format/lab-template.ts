import { LAB_FILES } from './lab-layout';

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
with ES256 (keys from \`config.jwksUri\`) for exactly \`config.audience\`, and it carries an \`exp\` that has not
passed (a clock tolerance of at most 60 s is allowed). Otherwise it must reject, also when the key set cannot
be fetched.
`,
    [`${LAB_FILES.hintsDir}/01-pass-the-audience.md`]: `---
for:
  - verifyToken > rejects a token minted for another API, or for a look-alike of this one
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
    requiredClaims: ['exp'],
  });
  return payload;
}
`,
    [`${LAB_FILES.alternativesDir}/audience-list-and-tolerance.ts`]: `/**
 * Alternative solution: the same checks, written with the freedoms the statement grants.
 *
 * @freedom passes the audience as a one-element list and allows 30 s of clock tolerance (at most 60 s is allowed)
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

${config}
export async function verifyToken(token: string, config: VerifyConfig): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(config.jwksUri)), {
    algorithms: ['ES256'],
    issuer: config.issuer,
    audience: [config.audience],
    clockTolerance: 30,
    requiredClaims: ['exp'],
  });
  return payload;
}
`,
    [LAB_FILES.checks]: `import { beforeEach, describe, it } from 'vitest';
import { SignJWT, base64url, decodeJwt } from 'jose';
import { verifyToken } from '@lab/submission';
import {
  createTokenServer,
  evidence,
  expectAccepted,
  expectRejected,
  labClock,
  type TokenServer,
} from '@lab/server';

let server: TokenServer;
let config: { issuer: string; audience: string; jwksUri: string };

beforeEach(async () => {
  server = await createTokenServer();
  config = { issuer: server.issuer, audience: server.audience, jwksUri: server.endpoints.jwks };
});

describe('verifyToken', () => {
  it('accepts a token the issuer minted for this API', async () => {
    const { token } = await server.issueAccessToken({ audience: server.audience });
    await expectAccepted(() => verifyToken(token, config), { iss: server.issuer, aud: server.audience });
  });

  it('rejects a token minted for another API, or for a look-alike of this one', async () => {
    for (const audience of [
      'https://other-api.example.test',
      \`\${server.audience}/\`,
      \`\${server.audience}.evil.test\`,
      server.audience.toUpperCase(),
    ]) {
      const { token } = await server.issueAccessToken({ audience });
      evidence({ token, clauses: ['RFC 8725 §3.9', 'RFC 7519 §2'], note: \`A token for \${audience}, replayed here.\` });
      await expectRejected(() => verifyToken(token, config), {
        code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
        label: \`aud \${audience}\`,
      });
    }
  });

  it('rejects a token 61 s past its exp, outside every allowed tolerance', async () => {
    const { token } = await server.issueAccessToken({ audience: server.audience, expiresIn: 60 });
    await expectAccepted(() => verifyToken(token, config));
    await labClock().advance(60 + 61);
    await expectRejected(() => verifyToken(token, config), { code: 'ERR_JWT_EXPIRED' });
  });

  it('rejects an unsecured (alg none) copy of a genuine token', async () => {
    const { token } = await server.issueAccessToken({ audience: server.audience });
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }));
    const unsecured = \`\${header}.\${token.split('.')[1]}.\`;
    evidence({ token: unsecured, clauses: ['RFC 8725 §3.1'], note: 'The genuine claims, with alg none and no signature.' });
    await expectRejected(() => verifyToken(unsecured, config));
  });

  it('rejects a genuinely signed token that has no exp', async () => {
    const { token } = await server.issueAccessToken({ audience: server.audience });
    const { exp: _exp, ...claims } = decodeJwt(token);
    const key = server.keys.signingKey();
    const forever = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
      .sign(key.privateKey);
    evidence({ token: forever, clauses: ['RFC 9068 §2.2'], note: 'Signed by the issuer, but it never expires.' });
    await expectRejected(() => verifyToken(forever, config));
  });

  it('rejects every token while the key set cannot be fetched', async () => {
    const { token } = await server.issueAccessToken({ audience: server.audience });
    server.close();
    await expectRejected(() => verifyToken(token, config));
  });
});
`,
    [`${LAB_FILES.wrongDir}/forgot-audience.ts`]: `/**
 * Mistake: checks the signature and issuer but not the audience, so a token minted for another API is
 * accepted here too (RFC 8725 §3.9).
 *
 * @fails verifyToken > rejects a token minted for another API, or for a look-alike of this one
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

${config}
export async function verifyToken(token: string, config: VerifyConfig): Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  const { payload } = await jwtVerify(token, keys, {
    algorithms: ['ES256'],
    issuer: config.issuer,
    requiredClaims: ['exp'],
  });
  return payload;
}
`,
    [`${LAB_FILES.wrongDir}/day-long-tolerance.ts`]: `/**
 * Mistake: a clock tolerance of a day "to be safe with skew". Expired tokens keep working for 24 hours
 * (RFC 7519 §4.1.4 allows a small leeway; the statement allows at most 60 s).
 *
 * @fails verifyToken > rejects a token 61 s past its exp, outside every allowed tolerance
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

${config}
export async function verifyToken(token: string, config: VerifyConfig): Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  const { payload } = await jwtVerify(token, keys, {
    algorithms: ['ES256'],
    issuer: config.issuer,
    audience: config.audience,
    requiredClaims: ['exp'],
    clockTolerance: '1 day',
  });
  return payload;
}
`,
    [`${LAB_FILES.wrongDir}/exp-only-when-present.ts`]: `/**
 * Mistake: relies on jwtVerify to check exp, which it does only when exp is present. A token the issuer
 * signed without exp never expires (RFC 9068 §2.2 makes exp required).
 *
 * @fails verifyToken > rejects a genuinely signed token that has no exp
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

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
    [`${LAB_FILES.wrongDir}/unsecured-for-tests.ts`]: `/**
 * Mistake: accepts unsecured tokens "so tests can run without keys". Anyone can write an alg none token
 * (RFC 8725 §3.1: the application chooses the algorithms; RFC 7518 §3.6).
 *
 * @fails verifyToken > rejects an unsecured (alg none) copy of a genuine token
 */
import { UnsecuredJWT, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';

${config}
export async function verifyToken(token: string, config: VerifyConfig): Promise<JWTPayload> {
  if (decodeProtectedHeader(token).alg === 'none')
    return UnsecuredJWT.decode(token, { issuer: config.issuer, audience: config.audience }).payload;
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  const { payload } = await jwtVerify(token, keys, {
    algorithms: ['ES256'],
    issuer: config.issuer,
    audience: config.audience,
    requiredClaims: ['exp'],
  });
  return payload;
}
`,
    [`${LAB_FILES.wrongDir}/fails-open-on-key-outage.ts`]: `/**
 * Mistake: "availability first". When the key set cannot be fetched, it returns the unverified claims, so
 * anyone who can break the JWKS endpoint gets in with any token (RFC 7519 §7.2: a failed step rejects).
 *
 * @fails verifyToken > rejects every token while the key set cannot be fetched
 */
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';

${config}
export async function verifyToken(token: string, config: VerifyConfig): Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  try {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: ['ES256'],
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['exp'],
    });
    return payload;
  } catch (error) {
    if (error instanceof errors.JOSEError) throw error;
    return decodeJwt(token);
  }
}
`,
    [LAB_FILES.mutation]: `# Mutation score floor (%) of solution.ts under npm run mutate:labs. It only rises: once the lab is
# written, set it to the measured score with  npm run mutate:labs -- ${id} --raise-floors
floor: 0
`,
    [LAB_FILES.design]: `# How these checks meet docs/check-design.md: one row per class.
side: defender
classes:
  exact-comparisons:
    applies:
      - verifyToken > rejects a token minted for another API, or for a look-alike of this one
    note: the audience is tried with another host, a trailing slash, a subdomain and upper case.
  canonicalisation:
    does-not-apply: verifyToken hands the compact token to jose and reads no JSON, header or parameter itself, so no second parser can disagree with jose.
  required-members:
    applies:
      - verifyToken > rejects a genuinely signed token that has no exp
  algorithms-and-keys:
    applies:
      - verifyToken > rejects an unsecured (alg none) copy of a genuine token
  time:
    applies:
      - verifyToken > rejects a token 61 s past its exp, outside every allowed tolerance
    note: the statement allows up to 60 s of tolerance, so the expired token is presented 61 s past exp.
  state:
    does-not-apply: verifyToken keeps nothing between calls; each verdict depends only on the token, the key set and the clock.
  binding:
    applies:
      - verifyToken > rejects a token minted for another API, or for a look-alike of this one
  allow-lists:
    does-not-apply: verifyToken receives a token string, not an HTTP request, so there is no method, transport or header to allow.
  fail-closed:
    applies:
      - verifyToken > rejects every token while the key set cannot be fetched
  issuer-side:
    does-not-apply: the learner verifies tokens and mints none.
  undisguised-inputs:
    applies:
      - verifyToken > rejects an unsecured (alg none) copy of a genuine token
      - verifyToken > rejects a genuinely signed token that has no exp
    note: each attack is a genuine token changed only in the flaw under test; keys are the simulation's per server.
  static-rules:
    does-not-apply: every requirement of the statement shows in a verdict, so no rule over the source is needed.
`,
  };
}
