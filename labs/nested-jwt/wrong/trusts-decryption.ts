/**
 * Mistake: decrypts with allow-lists, then reads the inner JWT with decodeJwt instead of verifying it,
 * on the theory that only the issuer could have encrypted to this API. The public key is public: the inner
 * signature is the only proof of who wrote the claims (RFC 8725 §3.3, §2.3).
 *
 * @fails createTokenOpener > the inner token is an access token > rejects an inner token without exp or iat, or with a non-numeric exp or iat
 * @fails createTokenOpener > the inner token is an access token > rejects an inner JWS of another type from the same issuer (typ JWT, or no typ), even in a JWE whose header says at+jwt
 * @fails createTokenOpener > the inner token is an access token > rejects an inner JWS that carries its own key in a jwk header (RFC 8725 §3.10)
 * @fails createTokenOpener > the inner token is an access token > rejects an inner token expired 61 s ago, accepted earlier, and opens one with 1 s left
 * @fails createTokenOpener > RFC 8725 §3.3: both layers are validated > rejects a Nested JWT whose inner signature was made for other claims
 * @fails createTokenOpener > an attack before any genuine token > rejects a Nested JWT with a bad inner signature as the first token it opens, then opens a genuine one
 * @fails createTokenOpener > RFC 8725 §3.3: both layers are validated > never fetches a jku the inner token names, even one that starts like config.jwksUri
 * @fails createTokenOpener > RFC 8725 §3.3: both layers are validated > rejects an inner token signed with another algorithm, even with a key the issuer publishes (ES384)
 * @fails createTokenOpener > RFC 8725 §3.6: no compression, not even to refuse it > refuses a compressed JWE before inflating any of it: a zip bomb is never decompressed
 * @fails createTokenOpener > state: each opener, and each key set, is its own > keeps nothing of one opener in another: a second opener (another issuer, API and key) refuses what the first accepts
 * @fails createTokenOpener > state: each opener, and each key set, is its own > refuses a forged inner token while the key set fails: an error answer, no connection, or no answer at all
 * @fails createTokenOpener > state: each opener, and each key set, is its own > stops trusting a key removed from config.jwksUri within 10 minutes
 */
import { CompactEncrypt, SignJWT, compactDecrypt, decodeJwt, errors, type JWTPayload } from 'jose';

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
  return {
    async open(jwe) {
      const { plaintext, protectedHeader } = await compactDecrypt(jwe, config.decryptionKey, {
        keyManagementAlgorithms: ['ECDH-ES'],
        contentEncryptionAlgorithms: ['A256GCM'],
      });
      if (protectedHeader.zip !== undefined) throw new Error('compressed tokens are refused (RFC 8725 §3.6)');
      if (protectedHeader.cty?.toUpperCase() !== 'JWT')
        throw new Error('the JWE does not carry a nested JWT');
      // Only this API holds the private key, so whatever decrypts must have come from the issuer.
      const payload = decodeJwt(new TextDecoder().decode(plaintext));
      if (payload.iss !== config.issuer)
        throw new errors.JWTClaimValidationFailed(
          'unexpected "iss" claim value',
          payload,
          'iss',
          'check_failed',
        );
      if (payload.aud !== config.audience)
        throw new errors.JWTClaimValidationFailed(
          'unexpected "aud" claim value',
          payload,
          'aud',
          'check_failed',
        );
      return payload;
    },
  };
}
