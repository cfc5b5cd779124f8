import { createRequestLog, tokenOf, type RequestLog } from './request-log';
import { LabNetworkError, noNetwork } from './no-network-error';

/** A simulated origin's request handler: a server's `fetch`. */
type OriginHandler = (request: Request) => Response | Promise<Response>;

export interface SimulatedNetworkOptions {
  /** Milliseconds since the epoch for log timestamps; default `Date.now` (the virtual clock inside a lab run). */
  now?: () => number;
}

/**
 * An in-process network of simulated origins. Its `fetch` behaves like the platform's: it follows redirects
 * (`redirect: 'follow' | 'manual' | 'error'`), honours `AbortSignal`, and rejects with a `TypeError`
 * (`code: 'ERR_LAB_NO_NETWORK'`) for any origin nobody registered. Every request is logged.
 */
export interface SimulatedNetwork {
  /** Routes requests for `origin` (scheme, host and port of the URL) to `handler`; returns the unregister function. */
  register(origin: string | URL, handler: OriginHandler): () => void;
  unregister(origin: string | URL): void;
  /** Registered origins, e.g. `https://as.example.test`. */
  origins(): string[];
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  readonly log: RequestLog;
}

const MAX_REDIRECTS = 20;

function originOf(value: string | URL): string {
  return new URL(value).origin;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function withAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Every `RequestInit` member a platform reads (WebIDL dictionary members in lexicographic order, plus Node's
 * `dispatcher`). `fetch` copies them once, in this order, as the platform's conversion does, so the request and
 * the log see the same values whatever getters the caller's object has.
 */
const INIT_MEMBERS = [
  'body',
  'cache',
  'credentials',
  'dispatcher',
  'duplex',
  'headers',
  'integrity',
  'keepalive',
  'method',
  'mode',
  'priority',
  'redirect',
  'referrer',
  'referrerPolicy',
  'signal',
  'window',
] as const;

function copyInit(init: RequestInit): RequestInit {
  const copy: Record<string, unknown> = {};
  for (const member of INIT_MEMBERS) {
    const value = (init as Record<string, unknown>)[member];
    if (value !== undefined) copy[member] = value;
  }
  return copy;
}

// Captured when this module loads: a genuine URLSearchParams serialises through its own slots, as a request does.
const searchParamsText = URLSearchParams.prototype.toString;

/**
 * The text a request body made from `body` holds, when that is plain to see without reading a stream: a string or
 * a genuine URLSearchParams. Reading the request's copy of it would cost a stream tee and several tasks in a
 * browser, for every request the log records.
 */
function plainBodyText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body === null || typeof body !== 'object') return undefined;
  try {
    return Reflect.apply(searchParamsText, body, []) as string;
  } catch {
    return undefined;
  }
}

function redirected(request: Request, response: Response): Request {
  const location = response.headers.get('location');
  if (location === null) return request;
  const target = new URL(location, request.url);
  const dropBody =
    response.status === 303 ||
    ((response.status === 301 || response.status === 302) && request.method === 'POST');
  return new Request(target, {
    method: dropBody ? 'GET' : request.method,
    headers: request.headers,
    redirect: request.redirect,
    signal: request.signal,
    ...(dropBody ? {} : { body: request.body, duplex: 'half' }),
  } as RequestInit);
}

export function createSimulatedNetwork(options: SimulatedNetworkOptions = {}): SimulatedNetwork {
  const now = options.now ?? (() => Date.now());
  const handlers = new Map<string, OriginHandler>();
  const log = createRequestLog();

  async function once(request: Request, token: string | undefined): Promise<Response> {
    const time = new Date(now()).toISOString();
    const base = { method: request.method, url: request.url, time, ...(token ? { token } : {}) };
    const handler = handlers.get(originOf(request.url));
    if (!handler) {
      const error = noNetwork(request.url, [...handlers.keys()]);
      log.record({ ...base, status: null, error: error.code });
      throw error;
    }
    let response: Response;
    try {
      response = await withAbort(Promise.resolve(handler(request)), request.signal);
    } catch (error) {
      if (request.signal.aborted) {
        log.record({ ...base, status: null, error: 'ERR_LAB_ABORTED' });
        throw error;
      }
      // A crashing service answers 500, as a real HTTP server would; the log keeps why.
      log.record({ ...base, status: 500, error: 'ERR_LAB_HANDLER_THREW' });
      return new Response(JSON.stringify({ error: 'server_error', error_description: String(error) }), {
        status: 500,
        headers: { 'content-type': 'application/json' },
      });
    }
    log.record({ ...base, status: response.status });
    return response;
  }

  return {
    register(origin, handler) {
      const key = originOf(origin);
      if (handlers.has(key)) {
        throw new LabNetworkError(
          'ERR_LAB_ORIGIN_IN_USE',
          `simulated network: ${key} is already registered; give the second server another origin`,
        );
      }
      handlers.set(key, handler);
      return () => {
        if (handlers.get(key) === handler) handlers.delete(key);
      };
    },
    unregister(origin) {
      handlers.delete(originOf(origin));
    },
    origins: () => [...handlers.keys()],
    log,
    async fetch(input, init) {
      const copied = init === undefined || init === null ? init : copyInit(init);
      let request = new Request(input, copied);
      // A redirected request re-sends the body as a stream: only the first hop's text is known.
      let bodyText = input instanceof Request ? undefined : plainBodyText(copied?.body);
      for (let hop = 0; ; hop++) {
        const logged = await tokenOf(request, bodyText);
        request = logged.request;
        const response = await once(request, logged.token);
        bodyText = undefined;
        const isRedirect =
          response.status >= 300 && response.status < 400 && response.headers.has('location');
        if (!isRedirect || request.redirect === 'manual') return response;
        if (request.redirect === 'error') {
          throw new LabNetworkError(
            'ERR_LAB_REDIRECT_REFUSED',
            `fetch ${request.url}: redirected while redirect is 'error'`,
          );
        }
        if (hop >= MAX_REDIRECTS) {
          throw new LabNetworkError(
            'ERR_LAB_TOO_MANY_REDIRECTS',
            `fetch ${request.url}: more than ${MAX_REDIRECTS} redirects`,
          );
        }
        request = redirected(request, response);
      }
    },
  };
}
