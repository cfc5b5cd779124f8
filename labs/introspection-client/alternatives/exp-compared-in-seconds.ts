// @freedom compares in seconds (Date.now() / 1000 >= exp) rather than milliseconds, matches aud through [].concat(aud), and re-checks exp on every cache hit alongside the TTL.
export interface IntrospectionClientOptions {
  introspectionEndpoint: string;
  clientId: string;
  clientSecret: string;
  audience: string;
  cacheTtlSeconds: number;
}

export type Verdict =
  | { status: 200; sub: string; scope: string }
  | { status: 401; error: 'invalid_token' }
  | { status: 503; error: 'temporarily_unavailable' };

export type Authorize = (token: string) => Promise<Verdict>;

const formEncode = (s: string): string => new URLSearchParams({ s }).toString().replace(/^s=/, '');

export function createIntrospectionClient(options: IntrospectionClientOptions): Authorize {
  const memo = new Map<string, { v: Verdict; ttlEnd: number; expEnd: number }>();
  const basic = btoa(formEncode(options.clientId) + ':' + formEncode(options.clientSecret));
  const invalid = (): Verdict => ({ status: 401, error: 'invalid_token' });
  const unavailable = (): Verdict => ({ status: 503, error: 'temporarily_unavailable' });

  return async function authorize(token) {
    const m = memo.get(token);
    if (m) {
      const t = Date.now();
      if (t < m.ttlEnd && t < m.expEnd) return m.v;
      memo.delete(token);
    }
    const t0 = Date.now();
    let data: unknown;
    try {
      const r = await fetch(options.introspectionEndpoint, {
        method: 'POST',
        headers: new Headers([
          ['Authorization', 'Basic ' + basic],
          ['Content-Type', 'application/x-www-form-urlencoded'],
        ]),
        body: new URLSearchParams([['token', token]]),
      });
      if (r.status !== 200) return unavailable();
      data = await r.json();
    } catch {
      return unavailable();
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return unavailable();
    const a = data as { active?: unknown; aud?: unknown; sub?: unknown; exp?: unknown; scope?: unknown };
    const ttlEnd = t0 + options.cacheTtlSeconds * 1000;
    if (a.active !== true) {
      memo.set(token, { v: invalid(), ttlEnd, expEnd: Infinity });
      return invalid();
    }
    if (typeof a.exp !== 'number' || Date.now() / 1000 >= a.exp) return invalid();
    if (typeof a.sub !== 'string') return invalid();
    const auds: unknown[] = ([] as unknown[]).concat(a.aud);
    if (a.aud === undefined || auds.indexOf(options.audience) === -1) return invalid();
    const v: Verdict = { status: 200, sub: a.sub, scope: typeof a.scope === 'string' ? a.scope : '' };
    memo.set(token, { v, ttlEnd, expEnd: a.exp * 1000 });
    return v;
  };
}
