// @freedom concurrent requests for the same token share one in-flight introspection (keyed by the whole token); an answer without exp is accepted for the TTL alone; only active answers are cached; the verdicts are frozen constants.
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

const INVALID = Object.freeze({ status: 401, error: 'invalid_token' }) as Verdict;
const UNAVAILABLE = Object.freeze({ status: 503, error: 'temporarily_unavailable' }) as Verdict;

type Outcome = { verdict: Verdict; reuseUntil: number };

export function createIntrospectionClient(options: IntrospectionClientOptions): Authorize {
  const enc = (v: string) => new URLSearchParams([['a', v]]).toString().slice(2);
  const authorization = `Basic ${btoa(`${enc(options.clientId)}:${enc(options.clientSecret)}`)}`;
  const answers = new Map<string, Outcome>();
  const inflight = new Map<string, Promise<Outcome>>();

  async function fetchAnswer(token: string): Promise<unknown> {
    const res = await fetch(options.introspectionEndpoint, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
    });
    if (res.status !== 200) throw new Error('no answer');
    return res.json();
  }

  async function decide(token: string): Promise<Outcome> {
    const askedAt = Date.now();
    let body: unknown;
    try {
      body = await fetchAnswer(token);
    } catch {
      return { verdict: UNAVAILABLE, reuseUntil: 0 };
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return { verdict: UNAVAILABLE, reuseUntil: 0 };
    const b = body as Record<string, unknown>;
    if (b.active !== true) return { verdict: INVALID, reuseUntil: 0 };
    if (typeof b.sub !== 'string') return { verdict: INVALID, reuseUntil: 0 };
    const audList = Array.isArray(b.aud) ? b.aud : [b.aud];
    if (!audList.includes(options.audience)) return { verdict: INVALID, reuseUntil: 0 };
    let reuseUntil = askedAt + options.cacheTtlSeconds * 1000;
    if ('exp' in b) {
      if (typeof b.exp !== 'number') return { verdict: INVALID, reuseUntil: 0 };
      if (Date.now() >= b.exp * 1000) return { verdict: INVALID, reuseUntil: 0 };
      reuseUntil = Math.min(reuseUntil, b.exp * 1000);
    }
    const scope = typeof b.scope === 'string' ? b.scope : '';
    return { verdict: { status: 200, sub: b.sub, scope }, reuseUntil };
  }

  return async (token) => {
    const known = answers.get(token);
    if (known && Date.now() < known.reuseUntil) return known.verdict;
    answers.delete(token);
    let pending = inflight.get(token);
    if (!pending) {
      pending = decide(token).finally(() => inflight.delete(token));
      inflight.set(token, pending);
    }
    const outcome = await pending;
    if (outcome.verdict.status === 200) answers.set(token, outcome);
    return outcome.verdict;
  };
}
