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

  async function once(request: Request): Promise<Response> {
    const time = new Date(now()).toISOString();
    const token = await tokenOf(request);
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
      let request = new Request(input, init);
      for (let hop = 0; ; hop++) {
        const response = await once(request);
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
