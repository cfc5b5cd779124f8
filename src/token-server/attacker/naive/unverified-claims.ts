import { UnsecuredJWT, base64url, errors, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { strictOptions, type VerifierPolicy } from '../verifier-policy';

/** JSON-decodes a compact JWS header without verifying anything. */
export function decodeHeader(token: string): ProtectedHeaderParameters {
  const [header] = token.split('.');
  if (!header) throw new errors.JWSInvalid('not a compact JWS');
  return JSON.parse(new TextDecoder().decode(base64url.decode(header))) as ProtectedHeaderParameters;
}

/**
 * Every check of the reference verifier except the signature: the header's alg is set aside and jose's
 * own claim validation (issuer, audience, typ, required claims, exp/nbf/iat, crit, b64) runs on the
 * rest, so a naive verifier built on this has the signature as its only gap.
 */
export function claimsWithoutSignature(
  token: string,
  policy: VerifierPolicy,
): { payload: JWTPayload; protectedHeader: ProtectedHeaderParameters } {
  const [, payload] = token.split('.');
  if (payload === undefined) throw new errors.JWSInvalid('not a compact JWS');
  const header = decodeHeader(token);
  const unsecured = `${base64url.encode(JSON.stringify({ ...header, alg: 'none' }))}.${payload}.`;
  const { algorithms: _signatureOnly, ...claimOptions } = strictOptions(policy);
  const result = UnsecuredJWT.decode(unsecured, claimOptions);
  return { payload: result.payload, protectedHeader: header };
}
