// @freedom Any jose API: compactDecrypt with a key-resolver function that checks the header, and jwtVerify with a JWTVerifyGetKey function delegating to the one remote set; a 1-minute exp ("a short exp").
import {
  CompactEncrypt,
  SignJWT,
  compactDecrypt,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type CompactDecryptGetKey,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';

export interface SealerConfig {
  issuer: string;
  audience: string;
  signingKey: { kid: string; privateKey: CryptoKey };
  encryptionKey: CryptoKey;
}

export interface OpenerConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
  decryptionKey: CryptoKey;
}

export function createTokenSealer(config: SealerConfig): { seal(claims: JWTPayload): Promise<string> } {
  return {
    seal: async (claims) =>
      new CompactEncrypt(
        new TextEncoder().encode(
          await new SignJWT(claims)
            .setProtectedHeader({ alg: 'ES256', kid: config.signingKey.kid, typ: 'at+jwt' })
            .setIssuer(config.issuer)
            .setAudience(config.audience)
            .setIssuedAt()
            .setExpirationTime('60s')
            .sign(config.signingKey.privateKey),
        ),
      )
        .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', cty: 'JWT' })
        .encrypt(config.encryptionKey),
  };
}

export function createTokenOpener(config: OpenerConfig): { open(jwe: string): Promise<JWTPayload> } {
  const remote = createRemoteJWKSet(new URL(config.jwksUri));
  const signingKeys: JWTVerifyGetKey = (header, token) => remote(header, token);
  const decryptionKey: CompactDecryptGetKey = (header) => {
    if (header.cty === undefined || header.cty.toUpperCase() !== 'JWT')
      throw new errors.JWEInvalid('not a Nested JWT');
    return config.decryptionKey;
  };
  return {
    async open(jwe) {
      const { plaintext } = await compactDecrypt(jwe, decryptionKey, {
        keyManagementAlgorithms: ['ECDH-ES'],
        contentEncryptionAlgorithms: ['A256GCM'],
        maxDecompressedLength: 0,
      });
      const { payload } = await jwtVerify(new TextDecoder().decode(plaintext), signingKeys, {
        algorithms: ['ES256'],
        issuer: config.issuer,
        audience: config.audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      return payload;
    },
  };
}
