/**
 * Alternative solution, written blind, from lab.md, the starter and the solution only.
 *
 * @freedom "Keep every piece of state (logins in progress, sessions) inside the BFF that createBff returns": a class instance per BFF whose session objects carry their own in-flight refresh and an `ended` flag (the refresh revokes what it brought if a logout ended the session meanwhile: "revoke the refresh token that refresh brought"); refresh margin 15 s ("any margin from 0 to 60 s"); "302 or 303": 302 everywhere; the request body forwarded as a Blob; the pre-login cookie is SameSite=Lax and the session cookie Strict, set through a cookie-builder object.
 */
import { base64url } from 'jose';

export interface BffOptions {
  origin: string;
  clientId: string;
  clientSecret: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  scope: string;
  apiOrigin: string;
}

export interface BffContext {
  setCookie(line: string): void;
}

interface TokenSet {
  access: string;
  refresh: string | null;
  expiresAtMs: number;
}

interface Session {
  tokens: TokenSet;
  ended: boolean;
  inFlight: Promise<TokenSet | null> | null;
}

const MARGIN_MS = 15_000;

const random = (bytes = 32): string => base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)));

const hostCookie = {
  set(name: string, value: string, sameSite: 'Strict' | 'Lax'): string {
    return `__Host-${name}=${value}; Path=/; Secure; HttpOnly; SameSite=${sameSite}`;
  },
  clear(name: string, sameSite: 'Strict' | 'Lax'): string {
    return `__Host-${name}=; Path=/; Secure; HttpOnly; SameSite=${sameSite}; Max-Age=0`;
  },
  read(request: Request, name: string): string | null {
    const wanted = `__Host-${name}`;
    for (const part of (request.headers.get('cookie') ?? '').split(';')) {
      const at = part.indexOf('=');
      if (at !== -1 && part.slice(0, at).trim() === wanted) return part.slice(at + 1).trim();
    }
    return null;
  },
};

class Bff {
  readonly #pending = new Map<string, { state: string; verifier: string }>();
  readonly #sessions = new Map<string, Session>();
  readonly #redirectUri: string;
  readonly options: BffOptions;

  constructor(options: BffOptions) {
    this.options = options;
    this.#redirectUri = `${options.origin}/bff/callback`;
  }

  async handle(request: Request, context: BffContext): Promise<Response> {
    const url = new URL(request.url);
    switch (true) {
      case request.method === 'GET' && url.pathname === '/bff/login':
        return this.#login(context);
      case request.method === 'GET' && url.pathname === '/bff/callback':
        return this.#callback(request, url, context);
      case request.method === 'POST' && url.pathname === '/bff/logout':
        return this.#logout(request, context);
      case url.pathname.startsWith('/bff/api/'):
        return this.#proxy(request, url, context);
      default:
        return new Response(null, { status: 404 });
    }
  }

  #csrfOk(request: Request): boolean {
    if (request.headers.get('x-fernhill-csrf') !== '1') return false;
    const origin = request.headers.get('origin');
    if (origin === null) return request.method === 'GET' || request.method === 'HEAD';
    return origin === this.options.origin;
  }

  async #post(endpoint: string, form: Record<string, string>): Promise<Response> {
    return fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...form,
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
      }).toString(),
    });
  }

  async #grant(form: Record<string, string>): Promise<TokenSet | null> {
    let answer: unknown;
    try {
      const response = await this.#post(this.options.tokenEndpoint, form);
      if (response.status !== 200) return null;
      answer = await response.json();
    } catch {
      return null;
    }
    if (typeof answer !== 'object' || answer === null) return null;
    const { access_token, refresh_token, expires_in } = answer as Record<string, unknown>;
    if (typeof access_token !== 'string' || typeof expires_in !== 'number' || !Number.isFinite(expires_in))
      return null;
    return {
      access: access_token,
      refresh: typeof refresh_token === 'string' ? refresh_token : null,
      expiresAtMs: Date.now() + expires_in * 1000,
    };
  }

  async #revoke(token: string | null): Promise<void> {
    if (token === null) return;
    try {
      await this.#post(this.options.revocationEndpoint, { token });
    } catch {
      /* the session ends regardless */
    }
  }

  async #login(context: BffContext): Promise<Response> {
    const id = random();
    const entry = { state: random(), verifier: random() };
    this.#pending.set(id, entry);
    const challenge = base64url.encode(
      new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(entry.verifier))),
    );
    const location = new URL(this.options.authorizationEndpoint);
    location.searchParams.set('response_type', 'code');
    location.searchParams.set('client_id', this.options.clientId);
    location.searchParams.set('redirect_uri', this.#redirectUri);
    location.searchParams.set('scope', this.options.scope);
    location.searchParams.set('state', entry.state);
    location.searchParams.set('code_challenge', challenge);
    location.searchParams.set('code_challenge_method', 'S256');
    context.setCookie(hostCookie.set('pre-login', id, 'Lax'));
    return new Response(null, { status: 302, headers: { location: location.href } });
  }

  async #callback(request: Request, url: URL, context: BffContext): Promise<Response> {
    const id = hostCookie.read(request, 'pre-login');
    if (id === null) return new Response(null, { status: 400 });
    const entry = this.#pending.get(id);
    this.#pending.delete(id);
    const code = url.searchParams.get('code');
    const state = url.searchParams.get('state');
    if (entry === undefined || code === null || state === null || state !== entry.state) {
      return new Response(null, { status: 400 });
    }
    const tokens = await this.#grant({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.#redirectUri,
      code_verifier: entry.verifier,
    });
    if (tokens === null) return new Response(null, { status: 502 });
    const sessionId = random(24);
    this.#sessions.set(sessionId, { tokens, ended: false, inFlight: null });
    context.setCookie(hostCookie.set('session', sessionId, 'Strict'));
    return new Response(null, { status: 302, headers: { location: '/' } });
  }

  /** Refresh once per session at a time; a logout during the refresh wins, and the fresh grant is revoked. */
  #refresh(sessionId: string, session: Session): Promise<TokenSet | null> {
    if (session.inFlight) return session.inFlight;
    const run = async (): Promise<TokenSet | null> => {
      const fresh =
        session.tokens.refresh === null
          ? null
          : await this.#grant({ grant_type: 'refresh_token', refresh_token: session.tokens.refresh });
      if (session.ended) {
        await this.#revoke(fresh?.refresh ?? null);
        return null;
      }
      if (fresh === null) {
        session.ended = true;
        this.#sessions.delete(sessionId);
        return null;
      }
      session.tokens = fresh;
      return fresh;
    };
    session.inFlight = run().finally(() => {
      session.inFlight = null;
    });
    return session.inFlight;
  }

  async #proxy(request: Request, url: URL, context: BffContext): Promise<Response> {
    if (!this.#csrfOk(request)) return new Response(null, { status: 403 });
    const sessionId = hostCookie.read(request, 'session');
    const session = sessionId === null ? undefined : this.#sessions.get(sessionId);
    if (sessionId === null || session === undefined) return new Response(null, { status: 401 });
    let tokens: TokenSet | null = session.tokens;
    if (Date.now() >= tokens.expiresAtMs - MARGIN_MS) tokens = await this.#refresh(sessionId, session);
    if (tokens === null) {
      context.setCookie(hostCookie.clear('session', 'Strict'));
      return new Response(null, { status: 401 });
    }
    const headers = new Headers();
    headers.set('authorization', `Bearer ${tokens.access}`);
    const accept = request.headers.get('accept');
    if (accept !== null) headers.set('accept', accept);
    const contentType = request.headers.get('content-type');
    if (contentType !== null) headers.set('content-type', contentType);
    const path = url.pathname.substring('/bff/api'.length);
    const target = new URL(this.options.apiOrigin);
    target.pathname = path;
    target.search = url.search;
    let upstream: Response;
    try {
      upstream = await fetch(target.href, {
        method: request.method,
        headers,
        body: request.method === 'GET' || request.method === 'HEAD' ? null : await request.blob(),
      });
    } catch {
      return new Response(null, { status: 502 });
    }
    const out = new Headers();
    const type = upstream.headers.get('content-type');
    if (type !== null) out.set('content-type', type);
    return new Response(await upstream.arrayBuffer(), { status: upstream.status, headers: out });
  }

  async #logout(request: Request, context: BffContext): Promise<Response> {
    if (!this.#csrfOk(request)) return new Response(null, { status: 403 });
    const sessionId = hostCookie.read(request, 'session');
    const session = sessionId === null ? undefined : this.#sessions.get(sessionId);
    if (sessionId !== null) this.#sessions.delete(sessionId);
    if (session !== undefined) {
      session.ended = true;
      await this.#revoke(session.tokens.refresh);
    }
    context.setCookie(hostCookie.clear('session', 'Strict'));
    return new Response(null, { status: 204 });
  }
}

export function createBff(options: BffOptions): (request: Request, context: BffContext) => Promise<Response> {
  const bff = new Bff(options);
  return (request, context) => bff.handle(request, context);
}
