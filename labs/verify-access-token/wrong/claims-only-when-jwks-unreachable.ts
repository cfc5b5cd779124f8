// class: fail-closed
// mistake: when the JWKS endpoint times out or cannot be reached it falls back to "claims-only" validation of the decoded token to keep the API up during an issuer outage, so during any JWKS outage a forged, unsigned-by-issuer token with the right claims is accepted; breaks "When the JWKS endpoint fails ... fail closed: throw".
// @fails createAccessTokenVerifier > the issuer's key set: fetched once, and failing closed > rejects a forged token, and a genuine one, when the JWKS origin is unreachable or never answers
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
} from 'jose';

export interface AccessTokenVerifierConfig {
  issuer: string;
  audience: string;
  jwksUri: string;
}

const OPTIONS = {
  algorithms: ['ES256'],
  typ: 'at+jwt',
  requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
  clockTolerance: 30,
  maxTokenAge: '15m',
} as const;

/** Network-level failures of the key set (not verdicts about the token). */
function isKeySetUnavailable(error: unknown): boolean {
  return (
    error instanceof errors.JWKSTimeout ||
    // A failed connection: Node's "fetch failed", a browser's "Failed to fetch", any runtime's TypeError.
    error instanceof TypeError ||
    (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  );
}

export function createAccessTokenVerifier(
  config: AccessTokenVerifierConfig,
): (token: string) => Promise<JWTPayload> {
  const keys = createRemoteJWKSet(new URL(config.jwksUri), { timeoutDuration: 1000 });

  return async function verifyAccessToken(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, keys, {
        ...OPTIONS,
        algorithms: [...OPTIONS.algorithms],
        requiredClaims: [...OPTIONS.requiredClaims],
        issuer: config.issuer,
        audience: config.audience,
      });
      return payload;
    } catch (error) {
      if (!isKeySetUnavailable(error)) throw error;
      // Degraded mode during an issuer outage: the signature cannot be checked, so at least every claim is.
      const header = decodeProtectedHeader(token);
      const payload = decodeJwt(token);
      const now = Math.floor(Date.now() / 1000);
      const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      const fine =
        header.alg === 'ES256' &&
        typeof header.typ === 'string' &&
        ['at+jwt', 'application/at+jwt'].includes(header.typ.toLowerCase()) &&
        payload.iss === config.issuer &&
        audiences.includes(config.audience) &&
        OPTIONS.requiredClaims.every((claim) => payload[claim] !== undefined) &&
        typeof payload.exp === 'number' &&
        payload.exp > now - OPTIONS.clockTolerance &&
        typeof payload.iat === 'number' &&
        now - payload.iat <= 15 * 60 + OPTIONS.clockTolerance &&
        payload.iat <= now + OPTIONS.clockTolerance &&
        (payload.nbf === undefined ||
          (typeof payload.nbf === 'number' && payload.nbf <= now + OPTIONS.clockTolerance));
      if (!fine) throw error;
      return payload;
    }
  };
}
