// class: binding
// mistake: at+jwt is accepted when it appears on either the inner JWS or the outer JWE header ("issuers differ on where they put typ"), so an issuer-signed token of another type (typ JWT) is accepted once re-encrypted with typ at+jwt on the attacker-written JWE header; breaks "that inner JWT is an ES256 access token (typ: at+jwt ...)".
// @fails createTokenOpener > the inner token is an access token > rejects an inner JWS of another type from the same issuer (typ JWT, or no typ), even in a JWE whose header says at+jwt
import {
  CompactEncrypt,
  SignJWT,
  compactDecrypt,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTPayload,
  decodeProtectedHeader,
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
      const { payload } = await jwtVerify(new TextDecoder().decode(plaintext), issuerKeys, {
        algorithms: ['ES256'],
        issuer: config.issuer,
        audience: config.audience,
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      // Issuers differ on where they declare the type of a Nested JWT: accept it on either layer.
      const isAt = (typ: unknown) =>
        typeof typ === 'string' && ['at+jwt', 'application/at+jwt'].includes(typ.toLowerCase());
      if (!isAt(decodeProtectedHeader(new TextDecoder().decode(plaintext)).typ) && !isAt(protectedHeader.typ))
        throw new errors.JWTClaimValidationFailed(
          'unexpected "typ" JWT header value',
          payload,
          'typ',
          'check_failed',
        );
      return payload;
    },
  };
}
