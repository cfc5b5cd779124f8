// Written by the check author (not blind), for a mutant of the reference that survived.
// class: fail-closed
// mistake: Casts whatever JSON the endpoint returns to a record, so an array, string, number or boolean body reads as an answer without active: true and is answered 401 (and cached) as if the token were inactive, when RFC 7662 §2.2 says only a JSON object is an answer: this is no answer (503).
// @fails createIntrospectionClient > outages > refuses an answer that is not a 200 JSON object
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
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
      });
      if (response.status !== 200) return undefined;
      // Any JSON value reads as a record here: `null` is "no answer" below, and a string, number or array has
      // no `active: true`, so it is refused like an inactive token (the statement allows 401 or 503 for it).
      return ((await response.json()) as Record<string, unknown> | null) ?? undefined;
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
