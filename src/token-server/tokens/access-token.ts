import { SignJWT } from 'jose';
import type { VirtualClock } from '../clock';
import type { KeySet } from '../keys/key-set';
import type { AccessTokenRegistry } from '../stores/access-token-registry';
import { opaqueToken } from '../stores/opaque-token';
import { formatScope } from '../scope';

/** What to put in an access token. */
export interface AccessTokenInput {
  clientId: string;
  sub: string;
  scope: readonly string[];
  /** `aud`: one resource server or several (RFC 9068 §3). */
  audience: string | readonly string[];
  /** The grant the token belongs to, so revoking the grant deactivates it. */
  grantId?: string;
  /** Lifetime in seconds; default the server's access token lifetime. */
  expiresIn?: number;
  /** Extra claims (e.g. `roles`); they cannot override the RFC 9068 ones. */
  claims?: Record<string, unknown>;
  /**
   * Binds the token to a client's DPoP key (RFC 9449 §6.1): its RFC 7638 SHA-256 thumbprint becomes
   * `cnf.jkt`, and the token's type is `DPoP` instead of `Bearer` (§5).
   */
  dpopJkt?: string;
}

/** `token_type` of the token response (RFC 6749 §7.1): `DPoP` for a key-bound token (RFC 9449 §5). */
export type AccessTokenType = 'Bearer' | 'DPoP';

export interface IssuedAccessToken {
  /** The compact JWT. */
  token: string;
  jti: string;
  kid: string;
  iat: number;
  exp: number;
  /** Seconds until `exp`, for `expires_in`. */
  expiresIn: number;
  /** Space-separated scope, for the `scope` response member. */
  scope: string;
  /** How the client must present it: `DPoP` when bound to a key (`cnf.jkt`), else `Bearer`. */
  tokenType: AccessTokenType;
}

export interface AccessTokenMinter {
  mint(input: AccessTokenInput): Promise<IssuedAccessToken>;
}

/** Mints RFC 9068 access tokens: `typ: at+jwt`, iss, sub, aud, exp, iat, jti, client_id, scope, and `cnf` when bound. */
export function createAccessTokenMinter(deps: {
  issuer: string;
  keys: KeySet;
  clock: VirtualClock;
  registry: AccessTokenRegistry;
  defaultLifetime: number;
}): AccessTokenMinter {
  return {
    async mint(input) {
      const key = deps.keys.signingKey();
      const iat = deps.clock.nowSeconds();
      const expiresIn = input.expiresIn ?? deps.defaultLifetime;
      const exp = iat + expiresIn;
      const jti = opaqueToken();
      const audience = typeof input.audience === 'string' ? [input.audience] : [...input.audience];
      const scope = formatScope(input.scope);
      const payload: Record<string, unknown> = { ...input.claims, client_id: input.clientId };
      if (scope !== '') payload['scope'] = scope;
      if (input.dpopJkt !== undefined) payload['cnf'] = { jkt: input.dpopJkt };
      const token = await new SignJWT(payload)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
        .setIssuer(deps.issuer)
        .setSubject(input.sub)
        .setAudience(audience.length === 1 ? (audience[0] as string) : audience)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .setJti(jti)
        .sign(key.privateKey);
      deps.keys.noteSigned(key.kid, exp * 1000);
      deps.registry.add({
        jti,
        grantId: input.grantId,
        clientId: input.clientId,
        sub: input.sub,
        scope: [...input.scope],
        audience,
        iat,
        exp,
        kid: key.kid,
      });
      const tokenType: AccessTokenType = input.dpopJkt === undefined ? 'Bearer' : 'DPoP';
      return { token, jti, kid: key.kid, iat, exp, expiresIn, scope, tokenType };
    },
  };
}
