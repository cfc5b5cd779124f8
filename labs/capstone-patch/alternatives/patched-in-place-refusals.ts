// @freedom A different but valid structure: the legacy shape kept, each header-driven path turned into an explicit refusal (jose errors), and the remaining path verified with config keys and full options.
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyOptions,
} from 'jose';

export interface OrdersVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

export function createLegacyOrdersVerifier(
  config: OrdersVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  const options: JWTVerifyOptions = {
    algorithms: ['ES256'],
    issuer: config.issuer,
    audience: config.audience,
    typ: 'at+jwt',
    requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
    clockTolerance: 30,
    maxTokenAge: '15m',
  };

  return async function verify(token: string): Promise<JWTPayload> {
    const header = decodeProtectedHeader(token);
    // Only refusals are decided from the unverified header; acceptance always goes through jwtVerify.
    if (header.alg !== 'ES256')
      throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
    if (header.jwk !== undefined) throw new errors.JWSInvalid('embedded keys are not trusted');
    return (await jwtVerify(token, keys, options)).payload;
  };
}
