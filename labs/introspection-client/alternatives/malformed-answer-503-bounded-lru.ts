// @freedom "401 or 503 are both accepted" for a malformed answer: an active answer with a non-string sub, a non-numeric exp or an aud of the wrong type is 503; the cache is a class-held LRU bounded at 500 entries, reuses active answers for a quarter of the TTL, caches no refusal, and reads the body with text() and JSON.parse.
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

const MAX_ENTRIES = 500;

function form(value: string): string {
  const params = new URLSearchParams();
  params.append('x', value);
  return params.toString().substring(2);
}

class Introspector {
  private readonly entries = new Map<string, { verdict: Verdict; expiresAt: number }>();
  private readonly basic: string;

  constructor(private readonly options: IntrospectionClientOptions) {
    this.basic = 'Basic ' + btoa(`${form(options.clientId)}:${form(options.clientSecret)}`);
  }

  private async ask(token: string): Promise<Record<string, unknown> | null> {
    let text: string;
    try {
      const res = await fetch(this.options.introspectionEndpoint, {
        method: 'POST',
        headers: {
          Authorization: this.basic,
          'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
          Accept: 'application/json',
        },
        body: 'token=' + form(token),
      });
      if (res.status !== 200) return null;
      text = await res.text();
    } catch {
      return null;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return null;
    }
    if (Object.prototype.toString.call(parsed) !== '[object Object]') return null;
    return parsed as Record<string, unknown>;
  }

  async authorize(token: string): Promise<Verdict> {
    const start = Date.now();
    const hit = this.entries.get(token);
    if (hit !== undefined) {
      this.entries.delete(token);
      if (start < hit.expiresAt) {
        this.entries.set(token, hit); // refresh LRU position, not its expiry
        return hit.verdict;
      }
    }
    const answer = await this.ask(token);
    if (answer === null) return { status: 503, error: 'temporarily_unavailable' };
    if (answer.active !== true) return { status: 401, error: 'invalid_token' };
    const { aud, sub, exp, scope } = answer;
    // Malformed active answers: refused with 503 (allowed by the statement).
    if (typeof sub !== 'string' || typeof exp !== 'number')
      return { status: 503, error: 'temporarily_unavailable' };
    if (aud === undefined) return { status: 401, error: 'invalid_token' };
    const auds = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : null;
    if (auds === null) return { status: 503, error: 'temporarily_unavailable' };
    if (!auds.some((a) => a === this.options.audience)) return { status: 401, error: 'invalid_token' };
    if (Date.now() >= exp * 1000) return { status: 401, error: 'invalid_token' };
    const verdict: Verdict = { status: 200, sub, scope: typeof scope === 'string' ? scope : '' };
    const expiresAt = Math.min(start + (this.options.cacheTtlSeconds * 1000) / 4, exp * 1000);
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { verdict, expiresAt });
    return verdict;
  }
}

export function createIntrospectionClient(options: IntrospectionClientOptions): Authorize {
  const client = new Introspector(options);
  return (token) => client.authorize(token);
}
