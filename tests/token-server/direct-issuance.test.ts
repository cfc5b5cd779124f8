import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  generateKeyPair,
  exportJWK,
  jwtVerify,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { frozenServer } from './support/token-requests';

async function clientKeyThumbprint(): Promise<string> {
  const { publicKey } = await generateKeyPair('ES256');
  return calculateJwkThumbprint(await exportJWK(publicKey));
}

describe('issueAccessToken with a DPoP key (RFC 9449 §5, §6.1)', () => {
  it('binds the token to the key: cnf.jkt, and token type DPoP', async () => {
    const server = await frozenServer();
    const jkt = await clientKeyThumbprint();
    const issued = await server.issueAccessToken({ sub: 'user-alice', dpopJkt: jkt });
    expect(issued.tokenType).toBe('DPoP');
    const { payload, protectedHeader } = await jwtVerify(
      issued.token,
      createLocalJWKSet(server.keys.jwks()),
      {
        issuer: server.issuer,
        audience: server.audience,
        currentDate: server.clock.now(),
      },
    );
    expect(protectedHeader.typ).toBe('at+jwt');
    expect(payload['cnf']).toEqual({ jkt });
  });

  it('keeps the binding when extra claims try to replace it', async () => {
    const server = await frozenServer();
    const jkt = await clientKeyThumbprint();
    const issued = await server.issueAccessToken({ dpopJkt: jkt, claims: { cnf: { jkt: 'attacker' } } });
    const { payload } = await jwtVerify(issued.token, createLocalJWKSet(server.keys.jwks()), {
      currentDate: server.clock.now(),
    });
    expect(payload['cnf']).toEqual({ jkt });
  });

  it('issues an unbound Bearer token when no key is given', async () => {
    const server = await frozenServer();
    const issued = await server.issueAccessToken({});
    expect(issued.tokenType).toBe('Bearer');
    const { payload } = await jwtVerify(issued.token, createLocalJWKSet(server.keys.jwks()), {
      currentDate: server.clock.now(),
    });
    expect(payload).not.toHaveProperty('cnf');
  });
});

describe('issueIdToken (OpenID Connect Core §2)', () => {
  it('mints a JWT-typed ID token for the client, with the nonce it was given', async () => {
    const server = await frozenServer();
    const issued = await server.issueIdToken({
      clientId: 'lab-client',
      sub: 'user-alice',
      nonce: 'n-0S6_WzA2Mj',
    });
    expect(decodeProtectedHeader(issued.token)).toMatchObject({ typ: 'JWT', kid: issued.kid });
    const { payload } = await jwtVerify(issued.token, createLocalJWKSet(server.keys.jwks()), {
      issuer: server.issuer,
      audience: 'lab-client',
      currentDate: server.clock.now(),
    });
    expect(payload).toEqual({
      iss: server.issuer,
      sub: 'user-alice',
      aud: 'lab-client',
      iat: issued.iat,
      exp: issued.iat + 600,
      nonce: 'n-0S6_WzA2Mj',
    });
  });

  it('names the client in azp when there are several audiences, and omits an absent nonce', async () => {
    const server = await frozenServer();
    const issued = await server.issueIdToken({
      clientId: 'lab-client',
      audience: ['lab-client', 'https://api.example.test'],
    });
    const { payload } = await jwtVerify(issued.token, createLocalJWKSet(server.keys.jwks()), {
      currentDate: server.clock.now(),
    });
    expect(payload).toMatchObject({ aud: ['lab-client', 'https://api.example.test'], azp: 'lab-client' });
    expect(payload).not.toHaveProperty('nonce');
  });

  it('lets extra claims add members but never replace iss, sub, aud, iat or exp', async () => {
    const server = await frozenServer();
    const issued = await server.issueIdToken({
      clientId: 'lab-client',
      sub: 'user-alice',
      expiresIn: 60,
      claims: {
        iss: 'https://evil.example.test',
        sub: 'admin',
        aud: 'other',
        exp: 9_999_999_999,
        auth_time: 1,
      },
    });
    const { payload } = await jwtVerify(issued.token, createLocalJWKSet(server.keys.jwks()), {
      currentDate: server.clock.now(),
    });
    expect(payload).toMatchObject({
      iss: server.issuer,
      sub: 'user-alice',
      aud: 'lab-client',
      exp: issued.iat + 60,
      auth_time: 1,
    });
  });
});
