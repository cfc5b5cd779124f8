// @freedom Another jose API for the outer layer (flattenedDecrypt on the split compact form is the same JWE), a maxTokenAge on the inner token (stricter, within "a short exp"), and the sealer adding sub/jti passthrough with setSubject when absent.
import {
  CompactEncrypt,
  SignJWT,
  createRemoteJWKSet,
  errors,
  flattenedDecrypt,
  jwtVerify,
  type JWTPayload,
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

const LIFETIME = '5m';

export function createTokenSealer(config: SealerConfig): { seal(claims: JWTPayload): Promise<string> } {
  return {
    async seal(claims) {
      const jws = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: config.signingKey.kid, typ: 'at+jwt' })
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setIssuedAt()
        .setExpirationTime(LIFETIME)
        .sign(config.signingKey.privateKey);
      return new CompactEncrypt(new TextEncoder().encode(jws))
        .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', cty: 'JWT' })
        .encrypt(config.encryptionKey);
    },
  };
}

export function createTokenOpener(config: OpenerConfig): { open(jwe: string): Promise<JWTPayload> } {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  return {
    async open(jwe) {
      if (typeof jwe !== 'string') throw new errors.JWEInvalid('Compact JWE must be a string');
      const parts = jwe.split('.');
      if (parts.length !== 5) throw new errors.JWEInvalid('Invalid Compact JWE');
      const [protectedB64, encryptedKey, iv, ciphertext, tag] = parts as [
        string,
        string,
        string,
        string,
        string,
      ];
      const { plaintext, protectedHeader } = await flattenedDecrypt(
        {
          protected: protectedB64,
          ...(encryptedKey ? { encrypted_key: encryptedKey } : {}),
          iv,
          ciphertext,
          tag,
        },
        config.decryptionKey,
        {
          keyManagementAlgorithms: ['ECDH-ES'],
          contentEncryptionAlgorithms: ['A256GCM'],
          maxDecompressedLength: 0,
        },
      );
      if (protectedHeader?.cty?.toUpperCase() !== 'JWT') throw new errors.JWEInvalid('not a Nested JWT');
      const { payload } = await jwtVerify(new TextDecoder().decode(plaintext), keys, {
        algorithms: ['ES256'],
        issuer: config.issuer,
        audience: config.audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat'],
        maxTokenAge: LIFETIME,
      });
      return payload;
    },
  };
}
