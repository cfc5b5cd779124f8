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

export function createIntrospectionClient(options: IntrospectionClientOptions): Authorize {
  return async (token) => {
    // Asks on every request, without saying who is asking, and believes any answer that is not a "no".
    const response = await fetch(options.introspectionEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }),
    });
    const body = (await response.json()) as { active?: unknown; sub?: unknown; scope?: unknown };
    if (body.active === false) return { status: 401, error: 'invalid_token' };
    return { status: 200, sub: String(body.sub), scope: String(body.scope ?? '') };
  };
}
