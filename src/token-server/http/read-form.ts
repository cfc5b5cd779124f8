import { oauthError } from '../errors';
import { joinChunks } from './join-chunks';

/** Parameters RFC 8707 allows more than once. Every other one is `invalid_request` when repeated (RFC 6749 §3.1, §3.2). */
const REPEATABLE = new Set(['resource']);

async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    throw oauthError('invalid_request', `request body larger than ${maxBytes} bytes`, { status: 413 });
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Not awaited: cancelling may wait on the sender's stream (one the network rebuilt, request-log.ts), and the
      // refusal need not.
      void reader.cancel().catch(() => undefined);
      throw oauthError('invalid_request', `request body larger than ${maxBytes} bytes`, { status: 413 });
    }
    chunks.push(value);
  }
  return joinChunks(chunks, total);
}

/** Checks that no parameter (other than RFC 8707 `resource`) appears twice, and drops empty ones (RFC 6749 §3.1). */
export function normaliseParams(params: URLSearchParams): URLSearchParams {
  const seen = new Set<string>();
  const out = new URLSearchParams();
  for (const [name, value] of params) {
    if (value === '') continue;
    if (seen.has(name) && !REPEATABLE.has(name))
      throw oauthError('invalid_request', `parameter ${name} is repeated`);
    seen.add(name);
    out.append(name, value);
  }
  return out;
}

/** The form an endpoint read from each request: the server's log takes the request's token from it. */
const formsRead = new WeakMap<Request, URLSearchParams>();

/** The form `readForm` read from `request`, if it read one. */
export function formRead(request: Request): URLSearchParams | undefined {
  return formsRead.get(request);
}

/** Reads an `application/x-www-form-urlencoded` body (RFC 6749 §3.2), within `maxBytes`. */
export async function readForm(request: Request, maxBytes: number): Promise<URLSearchParams> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw oauthError(
      'invalid_request',
      'body must be application/x-www-form-urlencoded (RFC 6749 section 3.2)',
    );
  }
  const bytes = await readLimited(request, maxBytes);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const params = new URLSearchParams(text);
  formsRead.set(request, params);
  return normaliseParams(params);
}
