/**
 * Mistake: patching alg none with a deny-list of the exact string "none". The header's alg is attacker
 * input: "None", "NONE" and "nOnE" walk past the deny-list into the path that still skips the signature.
 * The fix is an allow-list of the one algorithm the issuer uses (RFC 8725 §3.1).
 *
 * @fails capstone: patch the legacy orders service > the three exploits > refuses alg none tokens in every spelling (bug 1, RFC 8725 §3.2)
 */
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyOptions,
} from 'jose';

/** Where the orders service's trust comes from. */
export interface OrdersVerifierConfig {
  /** The authorization server's issuer identifier. */
  issuer: string;
  /** The orders service's identifier, which must appear in `aud`. */
  audience: string;
  /** The authorization server's `jwks_uri`. */
  jwksUri: string;
}

/**
 * The orders service's token verification after this patch. It resolves to the
 * claims the service authorises with, and throws to refuse the request.
 */
export function createLegacyOrdersVerifier(
  config: OrdersVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  const options: JWTVerifyOptions = {
    issuer: config.issuer,
    audience: config.audience,
    typ: 'at+jwt',
    requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
    clockTolerance: 30,
    maxTokenAge: '15m',
  };

  return async function verify(token: string): Promise<JWTPayload> {
    const header = decodeProtectedHeader(token);
    if (header.alg === 'none') throw new Error('unsigned tokens are not accepted');
    // Internal batch jobs run behind the firewall and do not sign their tokens.
    if (header.alg?.toLowerCase() === 'none') return decodeJwt(token);
    return (await jwtVerify(token, keys, { ...options, algorithms: ['ES256'] })).payload;
  };
}
