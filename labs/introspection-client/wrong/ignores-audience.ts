/**
 * Wrong answer: trusts `active: true` alone and never compares `aud` with this resource
 * server, so a token issued for another service is accepted here.
 *
 * @fails createIntrospectionClient > asking the authorization server > rejects an active token issued for another audience
 * @fails createIntrospectionClient > asking the authorization server > rejects an active answer without a string sub and aud or with a non-numeric exp
 * @fails createIntrospectionClient > caching > never answers one client from the answers another client cached
 */
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

/** RFC 6749 §2.3.1 and Appendix B: application/x-www-form-urlencoded, which `encodeURIComponent` is not. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice('v='.length);
}

export function createIntrospectionClient(options: IntrospectionClientOptions): Authorize {
  const cache = new Map<string, CachedAnswer>();
  // RFC 6749 §2.3.1: client_secret_basic form-encodes both parts before base64.
  const credentials = btoa(`${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`);

  async function introspect(token: string): Promise<Record<string, unknown> | undefined> {
    try {
      const response = await fetch(options.introspectionEndpoint, {
        method: 'POST',
        headers: {
          authorization: `Basic ${credentials}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
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
    if (typeof exp !== 'number' || exp * 1000 <= now || typeof body['sub'] !== 'string') {
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
