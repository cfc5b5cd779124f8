// class: information-leak
// mistake: Sends the token in the URL query of a GET, where proxies and server logs record it; RFC 7662 §2.1 requires a form-encoded POST.
// @fails createIntrospectionClient > asking the authorization server > accepts an active token and returns its subject
// @fails createIntrospectionClient > asking the authorization server > sends the token in a POST form body, never in the URL, and its credentials in HTTP Basic
// @fails createIntrospectionClient > asking the authorization server > rejects a token the server reports inactive
// @fails createIntrospectionClient > asking the authorization server > rejects a revoked token
// @fails createIntrospectionClient > caching > accepts a live token again within the TTL
// @fails createIntrospectionClient > caching > stops accepting a token at its exp even when the TTL is longer
// @fails createIntrospectionClient > caching > sees a revocation once the TTL has passed
// @fails createIntrospectionClient > caching > never answers one client from the answers another client cached
// @fails createIntrospectionClient > caching > answers concurrent requests for different tokens each from its own answer
// @fails createIntrospectionClient > outages > fails closed with 503 when the introspection endpoint answers 500
// @fails createIntrospectionClient > outages > does not serve a stale cached answer after the TTL during an outage
export interface IntrospectionClientOptions {
  /** The authorization server's RFC 7662 introspection endpoint. */
  introspectionEndpoint: string;
  /** This resource server's client credentials at the authorization server. */
  clientId: string;
  clientSecret: string;
  /** This resource server's audience: tokens issued for another one are refused. */
  audience: string;
  /** The longest time an introspection answer may be reused, in seconds. */
  cacheTtlSeconds: number;
}

export type Verdict =
  | { status: 200; sub: string; scope: string }
  | { status: 401; error: 'invalid_token' }
  | { status: 503; error: 'temporarily_unavailable' };

/** Decides whether a request carrying `token` may proceed. */
export type Authorize = (token: string) => Promise<Verdict>;

interface CachedAnswer {
  verdict: Verdict;
  /** Instant (ms) after which the answer must be asked again. */
  until: number;
}

const INVALID: Verdict = { status: 401, error: 'invalid_token' };
const UNAVAILABLE: Verdict = { status: 503, error: 'temporarily_unavailable' };
const SWEEP_THRESHOLD = 1000;

export function createIntrospectionClient(options: IntrospectionClientOptions): Authorize {
  const cache = new Map<string, CachedAnswer>();
  // RFC 6749 §2.3.1: client_secret_basic form-encodes both parts before base64.
  const credentials = btoa(
    `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`,
  );

  async function introspect(token: string): Promise<Record<string, unknown> | undefined> {
    try {
      const url = new URL(options.introspectionEndpoint);
      url.searchParams.set('token', token);
      const response = await fetch(url, {
        method: 'GET',
        headers: {
          authorization: `Basic ${credentials}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
      });
      if (response.status !== 200) return undefined;
      const body: unknown = await response.json();
      return typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }

  // Expired answers are dropped as the cache grows, so it is bounded by the number of live tokens.
  function sweep(now: number): void {
    if (cache.size < SWEEP_THRESHOLD) return;
    for (const [token, answer] of cache) if (answer.until <= now) cache.delete(token);
  }

  function audienceMatches(aud: unknown): boolean {
    return aud === options.audience || (Array.isArray(aud) && aud.includes(options.audience));
  }

  return async (token) => {
    const now = Date.now();
    const cached = cache.get(token);
    if (cached && now < cached.until) return cached.verdict;
    cache.delete(token);
    sweep(now);

    const body = await introspect(token);
    // No answer, an error status or a malformed body: fail closed, and never fall back to a stale entry.
    if (!body) return UNAVAILABLE;

    const ttlEnd = now + options.cacheTtlSeconds * 1000;
    if (body['active'] !== true) {
      cache.set(token, { verdict: INVALID, until: ttlEnd });
      return INVALID;
    }
    const exp = body['exp'];
    if (
      typeof exp !== 'number' ||
      exp * 1000 <= now ||
      !audienceMatches(body['aud']) ||
      typeof body['sub'] !== 'string'
    ) {
      return INVALID;
    }
    const verdict: Verdict = {
      status: 200,
      sub: body['sub'],
      scope: typeof body['scope'] === 'string' ? body['scope'] : '',
    };
    // RFC 7662 §4: a cached answer must not outlive the token itself.
    cache.set(token, { verdict, until: Math.min(ttlEnd, exp * 1000) });
    return verdict;
  };
}
