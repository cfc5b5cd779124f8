/**
 * Written blind, from lab.md, the starter and the solution only.
 *
 * @fails createBff > login and callback > signs a browser in with state and PKCE and redirects to the start page with a __Host-session cookie
 * @fails createBff > login and callback > sets every cookie with the __Host- prefix, Path=/, Secure, HttpOnly, SameSite and no Domain
 * @fails createBff > login and callback > refuses a callback without this browser’s pre-login cookie, or whose state differs in any way
 * @fails createBff > login and callback > refuses a callback that carries another browser’s login (login CSRF)
 * @fails createBff > login and callback > refuses a callback replayed after it was used
 * @fails createBff > login and callback > gives every login a fresh random session id, never one the browser brought (session fixation)
 * @fails createBff > login and callback > draws every login id, state and PKCE verifier afresh: long, and never repeated across logins or BFFs
 * @fails createBff > login and callback > starts every login afresh, and shares nothing between two BFFs
 * @fails createBff > login and callback > ends a login without a session when the token endpoint fails, answers nonsense or cannot be reached
 * @fails createBff > the API proxy > forwards the portal’s calls with the session’s access token and returns the API’s answer
 * @fails createBff > the API proxy > refuses calls without the __Host-session cookie, or with a look-alike, with 401 before calling the API
 * @fails createBff > the API proxy > refuses forged requests with 403 before calling the API: no custom header, a look-alike Origin, no Origin on a state-changing method
 * @fails createBff > the API proxy > never forwards the browser’s cookies, and never sends the access token to another origin
 * @fails createBff > the API proxy > refreshes an expired access token on the server and keeps the rotated refresh token
 * @fails createBff > the API proxy > refreshes once for calls that arrive together
 * @fails createBff > the API proxy > ends the session when the refresh is refused, answers nonsense or cannot be reached
 * @fails createBff > the API proxy > answers 404 or 405 to every other path and method, without calling the API
 * @fails createBff > the API proxy > answers 502 when the API cannot be reached, and passes the API’s refusals through
 * @fails createBff > logout > ends the server-side session, so the old cookie value no longer works
 * @fails createBff > logout > revokes the refresh token, ending the grant at the authorization server
 * @fails createBff > logout > clears the cookie with an empty value, Max-Age=0 and the attributes it was set with
 * @fails createBff > logout > refuses a forged logout with 403 and keeps the session and its grant
 * @fails createBff > logout > ends the session even when the revocation endpoint cannot be reached
 * @fails createBff > logout > keeps the session ended, and its grant, when a logout overtakes a refresh
 * @fails createBff > tokens stay on the server > keeps every token out of every response of a whole session, error paths included
 * @fails createBff > tokens stay on the server > keeps two browsers’ sessions apart, answering genuine and forged calls in shuffled order
 * @fails createBff > the API proxy > returns the API’s status, body and content-type, and no header of the API’s that carries the token
 * @fails createBff > logout > ends the session when the logout arrives, before the revocation endpoint has answered
 * @fails createBff > login and callback > draws every id, state and PKCE verifier from the CSPRNG: a predictable Math.random repeats none
 */
// class: information-leak
// mistake: Keeps the BFF stateless during login by putting state and code verifier into the HttpOnly pre-login cookie, so the verifier reaches the browser (and anyone who reads the cookie jar), which the statement forbids.
import { base64url } from 'jose';

export interface BffOptions {
  /** The portal's origin, e.g. `https://portal.fernhill.example`: the BFF lives under `${origin}/bff/`. */
  origin: string;
  /** This BFF's client at the authorization server (a confidential client). */
  clientId: string;
  clientSecret: string;
  /** The authorization server's endpoints (RFC 8414 metadata). */
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  /** The scope the portal asks for. */
  scope: string;
  /** The appointments API: `/bff/api/<path>` is forwarded to `${apiOrigin}/<path>`. */
  apiOrigin: string;
}

/** What the portal's web server hands the BFF with each request. */
export interface BffContext {
  /**
   * Adds one `Set-Cookie` line (the whole header value) to the answer to this request. The server adds the
   * lines itself: a `Response` built in a browser, where this lab runs, cannot carry `Set-Cookie`.
   */
  setCookie(line: string): void;
}

/** The tokens of one signed-in browser, kept on the server only. */
interface Tokens {
  accessToken: string;
  refreshToken: string | undefined;
  /** When the access token expires, in milliseconds since the epoch. */
  expiresAt: number;
}

/** What a login remembers until its callback: kept on the server, keyed by the pre-login cookie. */
interface PendingLogin {
  state: string;
  verifier: string;
}

const SESSION_COOKIE = '__Host-session';
const LOGIN_COOKIE = '__Host-login';
/** Refresh an access token this long before it expires, so none expires on its way to the API. */
const REFRESH_MARGIN_MS = 30_000;

/** 256 random bits, base64url: unguessable session ids, states and PKCE verifiers (RFC 7636 §4.1: 43 chars). */
function randomValue(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
}

/** RFC 7636 §4.2: code_challenge = BASE64URL(SHA-256(code_verifier)). */
async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url.encode(new Uint8Array(digest));
}

/**
 * `__Host-`: the browser takes the cookie only if it is Secure, has Path=/ and no Domain, so no sibling host
 * can set or overwrite it. HttpOnly keeps it from script.
 */
function cookie(name: string, value: string, sameSite: 'Strict' | 'Lax', extra = ''): string {
  return `${name}=${value}; Path=/; Secure; HttpOnly; SameSite=${sameSite}${extra}`;
}

/** The value of the cookie named exactly `name` in the request's `Cookie` header. */
function readCookie(request: Request, name: string): string | undefined {
  for (const pair of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

function status(code: number, headers: HeadersInit = {}): Response {
  return new Response(null, { status: code, headers });
}

export function createBff(options: BffOptions): (request: Request, context: BffContext) => Promise<Response> {
  const redirectUri = `${options.origin}/bff/callback`;
  const logins = new Map<string, PendingLogin>();
  const sessions = new Map<string, Tokens>();
  /** One refresh at a time per session: a second refresh with the same (rotated-away) token would fail. */
  const refreshing = new Map<string, Promise<Tokens | undefined>>();

  /** Cookie-authenticated requests must come from the portal's own pages (CSRF). */
  function isForged(request: Request): boolean {
    if (request.headers.get('x-fernhill-csrf') !== '1') return true;
    const origin = request.headers.get('origin');
    if (origin !== null) return origin !== options.origin;
    return request.method !== 'GET' && request.method !== 'HEAD';
  }

  /** A token request as a confidential client (client_secret_post); undefined for any failure or odd answer. */
  async function tokenRequest(params: Record<string, string>): Promise<Tokens | undefined> {
    try {
      const response = await fetch(options.tokenEndpoint, {
        method: 'POST',
        body: new URLSearchParams({
          ...params,
          client_id: options.clientId,
          client_secret: options.clientSecret,
        }),
      });
      if (!response.ok) return undefined;
      const body = (await response.json()) as Record<string, unknown>;
      if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') return undefined;
      return {
        accessToken: body.access_token,
        refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
        expiresAt: Date.now() + body.expires_in * 1000,
      };
    } catch {
      return undefined;
    }
  }

  /** RFC 7009: revoking the refresh token ends the grant at the authorization server too. */
  async function revoke(refreshToken: string | undefined): Promise<void> {
    if (refreshToken === undefined) return;
    try {
      await fetch(options.revocationEndpoint, {
        method: 'POST',
        body: new URLSearchParams({
          token: refreshToken,
          client_id: options.clientId,
          client_secret: options.clientSecret,
        }),
      });
    } catch {
      // The session is gone here whatever the authorization server says.
    }
  }

  async function refresh(id: string, tokens: Tokens): Promise<Tokens | undefined> {
    const fresh =
      tokens.refreshToken === undefined
        ? undefined
        : await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken });
    if (sessions.get(id) !== tokens) {
      // A logout ended the session while the refresh was under way: end the grant the refresh renewed too.
      await revoke(fresh?.refreshToken);
      return undefined;
    }
    if (fresh) sessions.set(id, fresh);
    else sessions.delete(id);
    return fresh;
  }

  /** The session's tokens, refreshed first when the access token is about to expire. */
  function tokensOf(id: string): Promise<Tokens | undefined> | Tokens | undefined {
    const tokens = sessions.get(id);
    if (!tokens || Date.now() < tokens.expiresAt - REFRESH_MARGIN_MS) return tokens;
    let pending = refreshing.get(id);
    if (!pending) {
      pending = refresh(id, tokens).finally(() => refreshing.delete(id));
      refreshing.set(id, pending);
    }
    return pending;
  }

  async function login(context: BffContext): Promise<Response> {
    const loginId = randomValue();
    const pending = { state: randomValue(), verifier: randomValue() };
    logins.set(loginId, pending);
    const target = new URL(options.authorizationEndpoint);
    target.search = new URLSearchParams({
      response_type: 'code',
      client_id: options.clientId,
      redirect_uri: redirectUri,
      scope: options.scope,
      state: pending.state,
      code_challenge: await challengeOf(pending.verifier),
      code_challenge_method: 'S256',
    }).toString();
    // Lax: the callback arrives as a top-level navigation started by the authorization server.
    // Self-contained: the callback finds the verifier even if this BFF instance restarts.
    context.setCookie(cookie(LOGIN_COOKIE, `${loginId}.${pending.verifier}`, 'Lax'));
    return status(302, { location: target.href });
  }

  async function callback(request: Request, url: URL, context: BffContext): Promise<Response> {
    const loginId = readCookie(request, LOGIN_COOKIE)?.split('.')[0];
    const pending = loginId === undefined ? undefined : logins.get(loginId);
    // One use: a replayed callback finds nothing.
    if (loginId !== undefined) logins.delete(loginId);
    const code = url.searchParams.get('code');
    if (!pending || code === null || url.searchParams.get('state') !== pending.state) return status(400);
    const tokens = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: pending.verifier,
    });
    if (!tokens) return status(502);
    // Always a fresh id, never one the browser brought: that would be session fixation.
    const sessionId = randomValue();
    sessions.set(sessionId, tokens);
    context.setCookie(cookie(SESSION_COOKIE, sessionId, 'Strict'));
    return status(303, { location: '/' });
  }

  async function proxy(request: Request, url: URL, context: BffContext): Promise<Response> {
    if (isForged(request)) return status(403);
    const id = readCookie(request, SESSION_COOKIE);
    const tokens = id === undefined ? undefined : await tokensOf(id);
    if (!tokens) {
      // No session, or its refresh was refused: the browser's cookie is dead, so clear it.
      context.setCookie(cookie(SESSION_COOKIE, '', 'Strict', '; Max-Age=0'));
      return status(401);
    }
    const headers = new Headers({ authorization: `Bearer ${tokens.accessToken}` });
    for (const name of ['accept', 'content-type']) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    // Concatenated, not resolved with new URL(path, api): `//other.example/` must stay on the API's origin.
    const target = `${options.apiOrigin}${url.pathname.slice('/bff/api'.length)}${url.search}`;
    try {
      const upstream = await fetch(target, {
        method: request.method,
        headers,
        body: hasBody ? await request.arrayBuffer() : null,
      });
      const type = upstream.headers.get('content-type');
      return new Response(upstream.body, {
        status: upstream.status,
        headers: type === null ? {} : { 'content-type': type },
      });
    } catch {
      return status(502);
    }
  }

  async function logout(request: Request, context: BffContext): Promise<Response> {
    if (isForged(request)) return status(403);
    const id = readCookie(request, SESSION_COOKIE);
    const tokens = id === undefined ? undefined : sessions.get(id);
    if (id !== undefined) sessions.delete(id);
    await revoke(tokens?.refreshToken);
    context.setCookie(cookie(SESSION_COOKIE, '', 'Strict', '; Max-Age=0'));
    return status(204);
  }

  return async function bff(request: Request, context: BffContext): Promise<Response> {
    const url = new URL(request.url);
    const route = `${request.method} ${url.pathname}`;
    if (route === 'GET /bff/login') return login(context);
    if (route === 'GET /bff/callback') return callback(request, url, context);
    if (route === 'POST /bff/logout') return logout(request, context);
    if (url.pathname.startsWith('/bff/api/')) return proxy(request, url, context);
    return status(404);
  };
}
