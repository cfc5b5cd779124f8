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

interface Tokens {
  accessToken: string;
  refreshToken: string | undefined;
  expiresAt: number;
}

function randomValue(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
}

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url.encode(new Uint8Array(digest));
}

function readCookie(request: Request, name: string): string | undefined {
  const match = (request.headers.get('cookie') ?? '').match(new RegExp(`${name}=([^;]+)`));
  return match?.[1];
}

/**
 * The first version of the portal's BFF: the login works, the tokens stay on the server, and the SPA's API
 * calls go through. Is that enough to keep every token out of the browser, and the session out of an
 * attacker's hands? Run the checks.
 */
export function createBff(options: BffOptions): (request: Request, context: BffContext) => Promise<Response> {
  const redirectUri = `${options.origin}/bff/callback`;
  /** state → code_verifier of every login in progress. */
  const logins = new Map<string, string>();
  const sessions = new Map<string, Tokens>();

  async function tokenRequest(params: Record<string, string>): Promise<Tokens> {
    const response = await fetch(options.tokenEndpoint, {
      method: 'POST',
      body: new URLSearchParams({
        ...params,
        client_id: options.clientId,
        client_secret: options.clientSecret,
      }),
    });
    const body = (await response.json()) as {
      access_token: string;
      refresh_token?: string;
      expires_in: number;
    };
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: Date.now() + body.expires_in * 1000,
    };
  }

  return async function bff(request: Request, context: BffContext): Promise<Response> {
    const url = new URL(request.url);

    if (url.pathname === '/bff/login') {
      const state = randomValue();
      const verifier = randomValue();
      logins.set(state, verifier);
      const target = new URL(options.authorizationEndpoint);
      target.search = new URLSearchParams({
        response_type: 'code',
        client_id: options.clientId,
        redirect_uri: redirectUri,
        scope: options.scope,
        state,
        code_challenge: await challengeOf(verifier),
        code_challenge_method: 'S256',
      }).toString();
      return new Response(null, { status: 302, headers: { location: target.href } });
    }

    if (url.pathname === '/bff/callback') {
      const state = url.searchParams.get('state') ?? '';
      const verifier = logins.get(state);
      if (verifier === undefined) return new Response('Unknown login', { status: 400 });
      try {
        const tokens = await tokenRequest({
          grant_type: 'authorization_code',
          code: url.searchParams.get('code') ?? '',
          redirect_uri: redirectUri,
          code_verifier: verifier,
        });
        const sessionId = readCookie(request, 'session') ?? crypto.randomUUID();
        sessions.set(sessionId, tokens);
        context.setCookie(`session=${sessionId}; Path=/; HttpOnly`);
        return new Response(null, { status: 302, headers: { location: '/' } });
      } catch (error) {
        return new Response(`Login failed: ${String(error)}`, { status: 502 });
      }
    }

    if (url.pathname === '/bff/logout') {
      context.setCookie('session=; Path=/; Max-Age=0');
      return new Response(null, { status: 204 });
    }

    if (url.pathname.startsWith('/bff/api/')) {
      const origin = request.headers.get('origin');
      if (origin !== null && !origin.startsWith(options.origin)) return new Response(null, { status: 403 });
      const tokens = sessions.get(readCookie(request, 'session') ?? '');
      if (!tokens) return new Response(null, { status: 401 });
      const headers = new Headers(request.headers);
      headers.set('authorization', `Bearer ${tokens.accessToken}`);
      const upstream = await fetch(
        new URL(url.pathname.slice('/bff/api'.length) + url.search, options.apiOrigin),
        {
          method: request.method,
          headers,
          body: request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer(),
        },
      );
      return new Response(upstream.body, { status: upstream.status, headers: upstream.headers });
    }

    return new Response('Not found', { status: 404 });
  };
}
