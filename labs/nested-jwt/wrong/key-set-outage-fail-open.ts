// class: fail-closed
// mistake: If the issuer JWKS cannot be fetched (timeout, non-200, network error) the opener falls back to the decrypted claims with iss/aud/exp checked by hand, so during an outage an unsigned JWE is accepted; breaks "In every other case it must throw" and RFC 8725 §3.3.
// @fails createTokenOpener > state: each opener, and each key set, is its own > refuses a forged inner token while the key set fails: an error answer, no connection, or no answer at all
import {
  CompactEncrypt,
  SignJWT,
  compactDecrypt,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTPayload,
  decodeJwt,
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
        // Our issuer never compresses (RFC 8725 §3.6): refuse zip instead of inflating it.
        maxDecompressedLength: 0,
      });
      if (String(protectedHeader.cty).toUpperCase() !== 'JWT') {
        // Stryker disable next-line StringLiteral: the message is for logs; checks compare jose's error codes, never messages
        throw new errors.JWEInvalid('the JWE does not carry a Nested JWT (cty JWT, RFC 7519 §5.2)');
      }
      // Decryption proves nothing about the author: anyone holding our public key can encrypt to us.
      const text = new TextDecoder().decode(plaintext);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(text, issuerKeys, {
          algorithms: ['ES256'],
          issuer: config.issuer,
          audience: config.audience,
          typ: 'at+jwt',
          requiredClaims: ['exp', 'iat', 'sub'],
        }));
      } catch (err) {
        // Availability: if the issuer's JWKS is unreachable, the JWE layer still proves it was sealed for us.
        const outage =
          err instanceof TypeError ||
          (err instanceof errors.JOSEError &&
            (err.code === 'ERR_JWKS_TIMEOUT' || err.code === 'ERR_JOSE_GENERIC'));
        if (!outage) throw err;
        const claims = decodeJwt(text);
        const auds = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
        if (claims.iss !== config.issuer || !auds.includes(config.audience)) throw err;
        if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) throw err;
        payload = claims;
      }
      return payload;
    },
  };
}
