/**
 * Mistake: the sealer never compresses, but the opener inflates any zip JWE it is sent, trusting jose's
 * default 250 kB decompression cap. The issuer never compresses (RFC 8725 §3.6), so a compressed token
 * was made by someone else; refusing zip removes the decompression path entirely.
 *
 * @fails createTokenOpener > RFC 8725 §3.6: no compression > rejects a compressed (zip) JWE, even around a valid inner token, and a zip bomb
 * @fails createTokenOpener > RFC 8725 §3.6: no compression, not even to refuse it > refuses a compressed JWE before inflating any of it: a zip bomb is never decompressed
 */
import {
  CompactEncrypt,
  SignJWT,
  compactDecrypt,
  createRemoteJWKSet,
  jwtVerify,
  type JWTPayload,
} from 'jose';

export interface SealerConfig {
  issuer: string;
  audience: string;
  /** The issuer's ES256 signing key. */
  signingKey: { kid: string; privateKey: CryptoKey };
  /** The resource server's public ECDH-ES key (P-256). */
  encryptionKey: CryptoKey;
}

export interface OpenerConfig {
  issuer: string;
  audience: string;
  /** The issuer's JWKS URL: the only keys an inner signature may verify against. */
  jwksUri: string;
  /** The resource server's private ECDH-ES key (P-256). */
  decryptionKey: CryptoKey;
}

export function createTokenSealer(config: SealerConfig): { seal(claims: JWTPayload): Promise<string> } {
  return {
    async seal(claims) {
      // Sign first, so the inner JWS names its author (RFC 8725 §2.3, RFC 7519 §11.2).
      const jws = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: config.signingKey.kid, typ: 'at+jwt' })
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(config.signingKey.privateKey);
      // Then encrypt, uncompressed (RFC 8725 §3.6), and say the payload is a JWT (RFC 7519 §5.2).
      return new CompactEncrypt(new TextEncoder().encode(jws))
        .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', cty: 'JWT' })
        .encrypt(config.encryptionKey);
    },
  };
}

export function createTokenOpener(config: OpenerConfig): { open(jwe: string): Promise<JWTPayload> } {
  const issuerKeys = createRemoteJWKSet(new URL(config.jwksUri));
  return {
    async open(jwe) {
      const { plaintext, protectedHeader } = await compactDecrypt(jwe, config.decryptionKey, {
        keyManagementAlgorithms: ['ECDH-ES'],
        contentEncryptionAlgorithms: ['A256GCM'],
      });
      // jose caps inflation at 250 kB by default, which is all the protection compression needs.
      if (protectedHeader.cty?.toUpperCase() !== 'JWT')
        throw new Error('the JWE does not carry a nested JWT');
      // Decryption proves nothing about the author: anyone holding our public key can encrypt to us.
      const { payload } = await jwtVerify(new TextDecoder().decode(plaintext), issuerKeys, {
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
