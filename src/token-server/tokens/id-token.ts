import { SignJWT } from 'jose';
import type { VirtualClock } from '../clock';
import type { KeySet } from '../keys/key-set';

/** What to put in an OpenID Connect ID token (OpenID Connect Core §2). */
export interface IdTokenInput {
  /** The client the login was for: `aud` (unless `audience` says otherwise) and, with several audiences, `azp`. */
  clientId: string;
  /** The authenticated user's `sub`. */
  sub: string;
  /** The `nonce` the client sent in its authentication request (Core §3.1.2.1); omitted when absent. */
  nonce?: string;
  /** `aud`: default `[clientId]`, written as one string; several values make `azp` the client (Core §2). */
  audience?: string | readonly string[];
  /** `azp`; default the client when `aud` has several members, else omitted. */
  azp?: string;
  /** Lifetime in seconds; default 600. */
  expiresIn?: number;
  /** Extra claims (`auth_time`, `email`, …); they cannot override the ones above. */
  claims?: Record<string, unknown>;
}

export interface IssuedIdToken {
  /** The compact JWT, `typ: JWT`: an ID token is not an access token (RFC 9068 §2.1 reserves `at+jwt`). */
  token: string;
  kid: string;
  iat: number;
  exp: number;
}

export interface IdTokenMinter {
  mint(input: IdTokenInput): Promise<IssuedIdToken>;
}

/** ID tokens live as long as the login that asked for them needs: minutes, not the session's length. */
const DEFAULT_ID_TOKEN_LIFETIME = 600;

/** Mints ID tokens with the server's current signing key: iss, sub, aud, exp, iat, and nonce / azp when given. */
export function createIdTokenMinter(deps: {
  issuer: string;
  keys: KeySet;
  clock: VirtualClock;
}): IdTokenMinter {
  return {
    async mint(input) {
      const key = deps.keys.signingKey();
      const iat = deps.clock.nowSeconds();
      const exp = iat + (input.expiresIn ?? DEFAULT_ID_TOKEN_LIFETIME);
      const audience =
        typeof input.audience === 'string' ? [input.audience] : [...(input.audience ?? [input.clientId])];
      const azp = input.azp ?? (audience.length > 1 ? input.clientId : undefined);
      // Registered claims first (a message showing the start of a payload shows who and for whom); extra
      // claims cannot override them.
      const extra = Object.fromEntries(
        Object.entries(input.claims ?? {}).filter(
          ([name]) => !['iss', 'sub', 'aud', 'iat', 'exp'].includes(name),
        ),
      );
      const payload: Record<string, unknown> = {
        iss: deps.issuer,
        sub: input.sub,
        aud: audience.length === 1 ? audience[0] : audience,
        iat,
        exp,
        ...extra,
        ...(azp === undefined ? {} : { azp }),
        ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
      };
      const token = await new SignJWT(payload)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
        .sign(key.privateKey);
      deps.keys.noteSigned(key.kid, exp * 1000);
      return { token, kid: key.kid, iat, exp };
    },
  };
}
