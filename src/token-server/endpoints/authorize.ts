import { OAuthError, oauthError, oauthErrorResponse } from '../errors';
import { normaliseParams } from '../http/read-form';
import { S256_CHALLENGE } from '../pkce';
import { resolveResources } from '../resources';
import { resolveScope } from '../scope';
import type { ServerState } from '../server-state';
import type { ClientRegistration } from '../options';

/** Errors that must not be sent to an unverified redirect URI (RFC 6749 §4.1.2.1): shown as a 400 instead. */
function clientAndRedirect(
  query: URLSearchParams,
  state: ServerState,
): { client: ClientRegistration; redirectUri: string } {
  const ids = query.getAll('client_id');
  const uris = query.getAll('redirect_uri');
  if (ids.length !== 1 || uris.length > 1)
    throw oauthError('invalid_request', 'client_id is required once; redirect_uri at most once');
  const client = state.clients.get(ids[0] as string);
  if (!client) throw oauthError('invalid_request', 'unknown client_id');
  const redirectUri = uris[0] ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
  if (redirectUri === undefined)
    throw oauthError('invalid_request', 'redirect_uri is required: the client registered several');
  // Exact string comparison (RFC 9700 §2.1): no prefix or pattern matching.
  if (!client.redirectUris.includes(redirectUri))
    throw oauthError('invalid_request', 'redirect_uri is not registered for this client');
  return { client, redirectUri };
}

function redirect(redirectUri: string, members: Record<string, string | undefined>): Response {
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(members))
    if (value !== undefined) target.searchParams.set(name, value);
  return new Response(null, { status: 302, headers: { location: target.href, 'cache-control': 'no-store' } });
}

/**
 * RFC 6749 §4.1.1 authorization endpoint that auto-approves: no login page, the simulated user named by
 * `login_hint` (id or username; default the configured `defaultUser`) consents at once. PKCE S256 is required.
 */
export function authorizeEndpoint(request: Request, state: ServerState): Response {
  const raw = new URL(request.url).searchParams;
  const { client, redirectUri } = clientAndRedirect(raw, state);
  const stateParam = raw.getAll('state').length === 1 ? (raw.get('state') ?? undefined) : undefined;
  try {
    const query = normaliseParams(raw);
    const responseType = query.get('response_type');
    if (responseType === null) throw oauthError('invalid_request', 'response_type is required');
    if (responseType !== 'code')
      throw oauthError('unsupported_response_type', 'only response_type=code is supported');
    if (!client.grantTypes.includes('authorization_code')) {
      throw oauthError('unauthorized_client', 'client may not use the authorization code grant');
    }
    const challenge = query.get('code_challenge');
    if (challenge === null)
      throw oauthError('invalid_request', 'code_challenge is required (PKCE, RFC 7636)');
    if (query.get('code_challenge_method') !== 'S256') {
      throw oauthError('invalid_request', 'code_challenge_method must be S256 (RFC 9700 section 2.1.1)');
    }
    if (!S256_CHALLENGE.test(challenge))
      throw oauthError('invalid_request', 'code_challenge is not a base64url SHA-256 value');
    const scope = resolveScope(query.get('scope'), client.scopes);
    const resources = resolveResources(query.getAll('resource'), client.resources ?? [state.config.audience]);
    const hint = query.get('login_hint') ?? state.config.defaultUser ?? state.users[0]?.id;
    const user = state.users.find((candidate) => candidate.id === hint || candidate.username === hint);
    if (!user) throw oauthError('access_denied', 'no simulated user matches login_hint');
    const code = state.codes.issue(
      { clientId: client.id, redirectUri, codeChallenge: challenge, sub: user.id, scope, resources },
      state.config.lifetimes.authorizationCode,
    );
    return redirect(redirectUri, { code: code.code, state: stateParam, iss: state.issuer });
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    if (error.error === 'server_error') return oauthErrorResponse(error);
    return redirect(redirectUri, {
      error: error.error,
      error_description: error.description,
      state: stateParam,
      iss: state.issuer,
    });
  }
}
