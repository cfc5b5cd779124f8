import type { ServerState } from '../server-state';
import type { Grant } from '../stores/grant-store';
import type { AccessTokenInput, IssuedAccessToken } from './access-token';
import { createIdTokenMinter, type IdTokenInput, type IssuedIdToken } from './id-token';

/** Tokens for a user (or client) minted directly, as if the flow had run: for checks that need them fast. */
export interface IssuedTokens {
  grant: Grant;
  accessToken: IssuedAccessToken;
  /** Present when asked for (`refreshToken: true`). */
  refreshToken: string | undefined;
}

interface IssueTokensInput {
  /** Default: the first registered client. */
  clientId?: string;
  /** Default: `defaultUser`, else the first user. */
  sub?: string;
  /** Default: every scope the client may have. */
  scope?: readonly string[];
  /** Default: the client's resources (the server's `audience`). */
  audience?: readonly string[];
  /** Also issue a refresh token for the grant. */
  refreshToken?: boolean;
}

export interface DirectIssuance {
  /** Mints an RFC 9068 access token directly (recorded, so introspection and revocation know it). */
  issueAccessToken(input: Partial<AccessTokenInput>): Promise<IssuedAccessToken>;
  /** Creates a grant and mints its tokens directly, as a completed code (or client credentials) flow would. */
  issueTokens(input: IssueTokensInput): Promise<IssuedTokens>;
  /** Mints an OpenID Connect ID token as a completed login would (default client and user). */
  issueIdToken(input: Partial<IdTokenInput>): Promise<IssuedIdToken>;
}

/** Minting without the HTTP round trip, through the same minter and stores the endpoints use. */
export function createDirectIssuance(state: ServerState): DirectIssuance {
  const { config } = state;
  const defaultClient = config.clients[0]?.id ?? 'lab-client';
  const defaultSub = config.defaultUser ?? config.users[0]?.id ?? 'user';
  const idTokens = createIdTokenMinter({ issuer: config.issuer, keys: state.keys, clock: state.clock });
  return {
    issueIdToken: (input) =>
      idTokens.mint({ ...input, clientId: input.clientId ?? defaultClient, sub: input.sub ?? defaultSub }),
    issueAccessToken: (input) =>
      state.minter.mint({
        clientId: input.clientId ?? defaultClient,
        sub: input.sub ?? defaultSub,
        scope: input.scope ?? [],
        audience: input.audience ?? config.audience,
        ...(input.grantId !== undefined ? { grantId: input.grantId } : {}),
        ...(input.expiresIn !== undefined ? { expiresIn: input.expiresIn } : {}),
        ...(input.claims !== undefined ? { claims: input.claims } : {}),
        ...(input.dpopJkt !== undefined ? { dpopJkt: input.dpopJkt } : {}),
      }),
    async issueTokens(input) {
      const clientId = input.clientId ?? defaultClient;
      const client = state.clients.get(clientId);
      const grant = state.grants.create({
        clientId,
        sub: input.sub ?? defaultSub,
        scope: input.scope ?? client?.scopes ?? [],
        resources: input.audience ?? client?.resources ?? [config.audience],
        lifetime: config.lifetimes.grant,
      });
      const accessToken = await state.minter.mint({
        clientId,
        sub: grant.sub,
        scope: grant.scope,
        audience: grant.resources,
        grantId: grant.id,
      });
      const refreshToken = input.refreshToken
        ? state.refreshTokens.issue(grant, config.lifetimes.refreshToken).token
        : undefined;
      return { grant, accessToken, refreshToken };
    },
  };
}
