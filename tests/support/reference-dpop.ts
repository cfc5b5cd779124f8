import { EmbeddedJWK, calculateJwkThumbprint, errors, jwtVerify, type JWTPayload } from 'jose';
import { CodedError } from '../../src/errors/coded-error';
import { accessTokenHash } from '../../src/token-server/attacker/dpop-proof';

const DPOP_ERROR_CODES = [
  'ERR_DPOP_MISSING',
  'ERR_DPOP_INVALID',
  'ERR_DPOP_HTM',
  'ERR_DPOP_HTU',
  'ERR_DPOP_IAT',
  'ERR_DPOP_ATH',
  'ERR_DPOP_JKT',
  'ERR_DPOP_REPLAY',
] as const;

export type DpopErrorCode = (typeof DPOP_ERROR_CODES)[number];

export class DpopError extends CodedError<DpopErrorCode> {
  static readonly codes = DPOP_ERROR_CODES;
  override readonly name = 'DpopError';
}

export interface DpopCheck {
  /** The access token's verified claims (from the reference verifier), with `cnf.jkt`. */
  accessToken: { token: string; payload: JWTPayload };
  /** The `DPoP` header value, if any. */
  proof: string | undefined;
  htm: string;
  htu: string;
  now: () => Date;
  /** Proof `jti`s already seen within the acceptance window (RFC 9449 §11.1). */
  seen: Set<string>;
  /** How old (or how far ahead) a proof's iat may be, seconds; default 60. */
  windowSeconds?: number;
}

/** `htu` compared without query and fragment (RFC 9449 §4.3 step 9). */
function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/**
 * The resource server's DPoP checks (RFC 9449 §4.3 and §7.1), done right, for the attacker catalogue's own
 * suite. Writing them is the dpop-resource-server lab, so they live only here, under tests/, where nothing in
 * src/ (and so nothing the browser loads, the editor types or the hover docs) can reach them: a proof typed dpop+jwt,
 * signed with an asymmetric alg by the public key in its jwk header (jose EmbeddedJWK, which refuses
 * private keys), for this method and URL, fresh, bound to this access token (ath) and to the key the
 * token is bound to (cnf.jkt), and never seen before.
 */
export async function verifyDpopProof(check: DpopCheck): Promise<void> {
  if (!check.proof) throw new DpopError('ERR_DPOP_MISSING', 'a DPoP-bound token needs a DPoP proof');
  let verified;
  try {
    verified = await jwtVerify(check.proof, EmbeddedJWK, {
      typ: 'dpop+jwt',
      algorithms: ['ES256', 'ES384', 'EdDSA', 'Ed25519', 'RS256', 'PS256'],
      requiredClaims: ['jti', 'htm', 'htu', 'iat'],
      currentDate: check.now(),
    });
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof TypeError) {
      throw new DpopError('ERR_DPOP_INVALID', 'the DPoP proof does not verify');
    }
    throw error;
  }
  const { payload, protectedHeader } = verified;
  if (payload['htm'] !== check.htm)
    throw new DpopError('ERR_DPOP_HTM', 'htm does not match the request method');
  if (typeof payload['htu'] !== 'string' || withoutQuery(payload['htu']) !== withoutQuery(check.htu)) {
    throw new DpopError('ERR_DPOP_HTU', 'htu does not match the request URL');
  }
  const age = Math.floor(check.now().getTime() / 1000) - (payload.iat ?? 0);
  if (Math.abs(age) > (check.windowSeconds ?? 60))
    throw new DpopError('ERR_DPOP_IAT', 'the proof is not fresh');
  if (payload['ath'] !== (await accessTokenHash(check.accessToken.token))) {
    throw new DpopError('ERR_DPOP_ATH', 'ath does not match the access token');
  }
  const cnf = check.accessToken.payload['cnf'] as { jkt?: unknown } | undefined;
  if (!protectedHeader.jwk || cnf?.jkt !== (await calculateJwkThumbprint(protectedHeader.jwk))) {
    throw new DpopError('ERR_DPOP_JKT', 'the proof key is not the key the token is bound to');
  }
  const jti = String(payload.jti);
  if (check.seen.has(jti)) throw new DpopError('ERR_DPOP_REPLAY', 'the proof was already used');
  check.seen.add(jti);
}
