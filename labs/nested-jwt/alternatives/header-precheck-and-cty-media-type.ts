// @freedom "carries a nested JWT": cty compared as a media type (JWT or application/jwt, case-insensitive, RFC 7515 §4.1.10 allows omitting the application/ prefix); alg/enc/zip/cty are refused from the protected header before any decryption, with jose's error classes.
import {
  CompactEncrypt,
  SignJWT,
  compactDecrypt,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
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

export function createTokenSealer(config: SealerConfig): { seal(claims: JWTPayload): Promise<string> } {
  return {
    async seal(claims) {
      const inner = await new SignJWT({ ...claims })
        .setProtectedHeader({ typ: 'at+jwt', alg: 'ES256', kid: config.signingKey.kid })
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setIssuedAt()
        .setExpirationTime('2m')
        .setJti(crypto.randomUUID())
        .sign(config.signingKey.privateKey);
      return new CompactEncrypt(new TextEncoder().encode(inner))
        .setProtectedHeader({ cty: 'JWT', enc: 'A256GCM', alg: 'ECDH-ES', typ: 'JWT' })
        .encrypt(config.encryptionKey);
    },
  };
}

function isNestedJwt(cty: unknown): boolean {
  if (typeof cty !== 'string') return false;
  const media = cty.toLowerCase();
  return media === 'jwt' || media === 'application/jwt';
}

export function createTokenOpener(config: OpenerConfig): { open(jwe: string): Promise<JWTPayload> } {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  return {
    async open(jwe) {
      const header = decodeProtectedHeader(jwe);
      if (header.alg !== 'ECDH-ES')
        throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
      if (header.enc !== 'A256GCM')
        throw new errors.JOSEAlgNotAllowed('"enc" (Encryption Algorithm) Header Parameter value not allowed');
      if ('zip' in header) throw new errors.JWEInvalid('compressed JWEs are not accepted');
      if (!isNestedJwt(header.cty)) throw new errors.JWEInvalid('not a Nested JWT');
      const { plaintext } = await compactDecrypt(jwe, config.decryptionKey, {
        keyManagementAlgorithms: ['ECDH-ES'],
        contentEncryptionAlgorithms: ['A256GCM'],
        maxDecompressedLength: 0,
      });
      const { payload } = await jwtVerify(new TextDecoder().decode(plaintext), keys, {
        algorithms: ['ES256'],
        issuer: config.issuer,
        audience: config.audience,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat'],
        clockTolerance: 10,
      });
      return payload;
    },
  };
}
