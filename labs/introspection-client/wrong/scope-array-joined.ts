/**
 * Written blind, from lab.md, the starter and the solution only.
 *
 * @fails createIntrospectionClient > asking the authorization server > grants no scope when an active answer has none, or one that is not a string
 */
// class: required-member
// mistake: Joins a scope that is an array and grants it, where RFC 7662 §2.2 makes scope a space-separated string and the statement says a scope of another type grants none.
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

/** RFC 6749 §2.3.1 and Appendix B: application/x-www-form-urlencoded, which `encodeURIComponent` is not. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice('v='.length);
}

/** A parsed JSON value that is an object: not null, not an array, not a primitive. */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function createIntrospectionClient(options: IntrospectionClientOptions): Authorize {
  const cache = new Map<string, CachedAnswer>();
  // RFC 6749 §2.3.1: client_secret_basic form-encodes both parts before base64.
  const credentials = btoa(`${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`);

  async function introspect(token: string): Promise<Record<string, unknown> | undefined> {
    try {
      const response = await fetch(options.introspectionEndpoint, {
        method: 'POST',
        headers: { authorization: `Basic ${credentials}` },
        // A URLSearchParams body is sent as application/x-www-form-urlencoded (RFC 7662 §2.1).
        body: new URLSearchParams({ token }),
      });
      if (response.status !== 200) return undefined;
      const answer: unknown = await response.json();
      // RFC 7662 §2.2: the answer is a JSON object; an array, string, number or null is no answer at all.
      return isJsonObject(answer) ? answer : undefined;
    } catch {
      // Unreachable, or a body that is not JSON: no answer either.
    }
    return undefined;
  }

  function audienceMatches(aud: unknown): boolean {
    return aud === options.audience || (Array.isArray(aud) && aud.includes(options.audience));
  }

  return async (token) => {
    const now = Date.now();
    const cached = cache.get(token);
    if (cached && now < cached.until) return cached.verdict;
    // An expired answer is dropped when its token comes back.
    cache.delete(token);

    const body = await introspect(token);
    // No answer, an error status or a malformed body: fail closed, and never fall back to a stale entry.
    if (body === undefined) return UNAVAILABLE;

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
      scope: Array.isArray(body['scope'])
        ? body['scope'].join(' ')
        : typeof body['scope'] === 'string'
          ? body['scope']
          : '',
    };
    // RFC 7662 §4: a cached answer must not outlive the token itself.
    cache.set(token, { verdict, until: Math.min(ttlEnd, exp * 1000) });
    return verdict;
  };
}
