// class: state
// mistake: The remote JWKS is a module-level singleton created from the first opener's jwksUri, so a second opener for another issuer verifies against the first issuer's keys; breaks "verified against the keys at config.jwksUri and nothing else".
// @fails createTokenOpener > state: each opener, and each key set, is its own > keeps nothing of one opener in another: a second opener (another issuer, API and key) refuses what the first accepts
// @fails createTokenOpener > state: each opener, and each key set, is its own > stops trusting a key removed from config.jwksUri within 10 minutes
import {
  CompactEncrypt,
  SignJWT,
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

// One JWKS cache for the process: createRemoteJWKSet keeps its own refresh logic.
let sharedIssuerKeys: ReturnType<typeof createRemoteJWKSet> | undefined;

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
  sharedIssuerKeys ??= createRemoteJWKSet(new URL(config.jwksUri));
  const issuerKeys = sharedIssuerKeys;
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
