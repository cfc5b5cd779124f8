// @freedom "resolve to the token's claims only when ... inside its validity window" — an explicit currentDate per call and requiring sub to be a non-empty string; a different but valid structure (a class).
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

class AccessTokenVerifier {
  readonly #keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly config: AccessTokenVerifierConfig) {
    this.#keys = createRemoteJWKSet(new URL(config.jwksUri));
  }

  async verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.#keys, {
      algorithms: ['ES256'],
      issuer: this.config.issuer,
      audience: this.config.audience,
      typ: 'at+jwt',
      requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
      clockTolerance: 15,
      maxTokenAge: 15 * 60,
      currentDate: new Date(),
    });
    if (typeof payload.sub !== 'string' || payload.sub === '') {
      throw new errors.JWTClaimValidationFailed(
        '"sub" claim must be a non-empty string',
        payload,
        'sub',
        'invalid',
      );
    }
    return payload;
  }
}

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const verifier = new AccessTokenVerifier(config);
  return (token) => verifier.verify(token);
}
