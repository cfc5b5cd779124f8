import { EncryptJWT, compactDecrypt, decodeJwt, type JWTPayload } from 'jose';

/** What the authorization server needs to seal an access token for this API. */
export interface SealerConfig {
  /** The authorization server's issuer identifier. */
  issuer: string;
  /** The API the token is for (its resource indicator). */
  audience: string;
  /** The issuer's ES256 signing key, and the kid its JWKS publishes it under. */
  signingKey: { kid: string; privateKey: CryptoKey };
  /** The API's public ECDH-ES key (P-256): anyone may hold it. */
  encryptionKey: CryptoKey;
}

/** What the API needs to open a sealed token. */
export interface OpenerConfig {
  /** The authorization server's issuer identifier. */
  issuer: string;
  /** This API's identifier. */
  audience: string;
  /** The issuer's `jwks_uri`. */
  jwksUri: string;
  /** The API's private ECDH-ES key (P-256). */
  decryptionKey: CryptoKey;
}

/**
 * The authorization server's side: `seal(claims)` returns a compact JWE of the access token that only
 * the API can read.
 *
 * This first version encrypts the claims and nothing else. Run the checks.
 */
export function createTokenSealer(config: SealerConfig): { seal(claims: JWTPayload): Promise<string> } {
  return {
    async seal(claims) {
      return new EncryptJWT(claims)
        .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', typ: 'at+jwt' })
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setIssuedAt()
        .setExpirationTime('5m')
        .encrypt(config.encryptionKey);
    },
  };
}

/**
 * The API's side: `open(jwe)` resolves to the access token's claims when the issuer signed them for this
 * API, and throws otherwise.
 *
 * This first version believes whatever decrypts.
 */
export function createTokenOpener(config: OpenerConfig): { open(jwe: string): Promise<JWTPayload> } {
  return {
    async open(jwe) {
      // Only this API holds the private key, so whatever decrypts is taken as the issuer's word.
      const { plaintext } = await compactDecrypt(jwe, config.decryptionKey);
      const text = new TextDecoder().decode(plaintext);
      // The payload is either a bare claims set or a JWT wrapping one.
      const claims: JWTPayload = text.startsWith('{') ? JSON.parse(text) : decodeJwt(text);
      return claims;
    },
  };
}
