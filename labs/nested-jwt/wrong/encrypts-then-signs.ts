/**
 * Mistake: encrypts the claims, then signs the ciphertext. The signature covers bytes the issuer cannot
 * show it understood, anyone can strip it and sign the same JWE with their own key, and the API must now
 * trust an encrypted claims set that nobody signed. Sign the claims, then encrypt the JWS (RFC 8725 §2.3,
 * RFC 7519 §11.2).
 *
 * @fails createTokenSealer > signs, then encrypts: the API key decrypts it to a JWS the issuer key verifies (RFC 8725 §2.3)
 * @fails createTokenSealer > gives the inner token a short lifetime: exp at most 300 s after iat, and iat now
 * @fails createTokenSealer > produces tokens the opener accepts
 * @fails createTokenSealer > puts no claim in the JWE header, which anyone can read without the key
 * @fails createTokenSealer > sets iss, aud, iat and exp itself, whatever the claims handed to seal say
 */
import {
  CompactSign,
  EncryptJWT,
  compactDecrypt,
  createRemoteJWKSet,
  errors,
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
      // Encrypt the claims to the API first, then sign the ciphertext so the API can tell it came from us.
      const jwe = await new EncryptJWT(claims)
        .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' })
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setIssuedAt()
        .setExpirationTime('5m')
        .encrypt(config.encryptionKey);
      return new CompactSign(new TextEncoder().encode(jwe))
        .setProtectedHeader({ alg: 'ES256', kid: config.signingKey.kid, typ: 'at+jwt', cty: 'JWE' })
        .sign(config.signingKey.privateKey);
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
        // Our issuer never compresses (RFC 8725 §3.6): refuse zip instead of inflating it.
        maxDecompressedLength: 0,
      });
      if (protectedHeader.cty?.toUpperCase() !== 'JWT') {
        throw new errors.JWEInvalid('the JWE does not carry a Nested JWT (cty JWT, RFC 7519 §5.2)');
      }
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
