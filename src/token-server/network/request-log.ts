import { z } from 'astro/zod';
import { joinChunks } from '../http/join-chunks';

/** One request seen by the simulated network or a simulated server: a row of the lab UI's network panel. */
export const RequestLogEntrySchema = z.strictObject({
  /** Sequence number within the log, from 1. */
  id: z.number().int().positive(),
  method: z.string(),
  url: z.string(),
  /** HTTP status, or `null` when the request failed before a response (no such origin, aborted). */
  status: z.number().int().nullable(),
  /** Virtual time the request was made, ISO 8601. */
  time: z.string(),
  /** The token the request carried: `Authorization` bearer/DPoP value, else a `token`/`refresh_token` form field. */
  token: z.string().optional(),
  /** Stable code of a failure (e.g. `ERR_LAB_NO_NETWORK`) or of a handler crash (`ERR_LAB_HANDLER_THREW`). */
  error: z.string().optional(),
});

export type RequestLogEntry = z.infer<typeof RequestLogEntrySchema>;

/** Oldest entries are dropped beyond this, so a runaway loop cannot exhaust memory. */
const MAX_LOG_ENTRIES = 1000;

export interface RequestLog {
  readonly entries: readonly RequestLogEntry[];
  record(entry: Omit<RequestLogEntry, 'id'>): RequestLogEntry;
  /** Calls `listener` for each new entry; returns the unsubscribe function. */
  subscribe(listener: (entry: RequestLogEntry) => void): () => void;
  clear(): void;
}

export function createRequestLog(limit = MAX_LOG_ENTRIES): RequestLog {
  const entries: RequestLogEntry[] = [];
  const listeners = new Set<(entry: RequestLogEntry) => void>();
  let sequence = 0;
  return {
    entries,
    record(partial) {
      const entry: RequestLogEntry = { id: ++sequence, ...partial };
      entries.push(entry);
      if (entries.length > limit) entries.splice(0, entries.length - limit);
      for (const listener of listeners) listener(entry);
      return entry;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      entries.length = 0;
    },
  };
}

const TOKEN_FIELDS = ['token', 'refresh_token', 'assertion'] as const;
const MAX_PEEK_BYTES = 16 * 1024;

/**
 * The token a request carries, for the log, without reading its body: the `Authorization` bearer or DPoP value,
 * else a token field of `form`, the request's form body when the caller already has it.
 */
export function tokenIn(request: Request, form?: URLSearchParams): string | undefined {
  const authorization = request.headers.get('authorization');
  const match = authorization ? /^(?:bearer|dpop)\s+(\S+)$/i.exec(authorization) : null;
  if (match?.[1]) return match[1];
  if (!form) return undefined;
  for (const field of TOKEN_FIELDS) {
    const value = form.get(field);
    if (value) return value;
  }
  return undefined;
}

/** A request as the log saw it: the token it carries, and the request to deliver in its place. */
export interface LoggedRequest {
  token: string | undefined;
  request: Request;
}

/**
 * The token a request carries, for the log. A form body is read (its first 16 KiB at most) and the request is handed
 * on with the very bytes read, then the rest of the stream: never a copy of the body, which is a stream tee and costs
 * milliseconds per request in a browser. `bodyText` is the body's text when the caller knows it (the request was
 * made from a string or URLSearchParams): then nothing is read.
 */
export async function tokenOf(request: Request, bodyText?: string): Promise<LoggedRequest> {
  const inHeader = tokenIn(request);
  if (inHeader) return { token: inHeader, request };
  const type = request.headers.get('content-type') ?? '';
  if (!request.body || !type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return { token: undefined, request };
  }
  if (bodyText !== undefined) {
    const small = new TextEncoder().encode(bodyText).byteLength <= MAX_PEEK_BYTES;
    return { token: small ? tokenIn(request, new URLSearchParams(bodyText)) : undefined, request };
  }
  const reader = request.body.getReader();
  const chunks: unknown[] = [];
  let total = 0;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      chunks.push(next.value);
      // Not bytes (a stream the sender built): the handler meets it as it is; the log shows no token.
      if (!(next.value instanceof Uint8Array))
        return { token: undefined, request: resent(request, chunks, reader) };
      total += next.value.byteLength;
      if (total > MAX_PEEK_BYTES) return { token: undefined, request: resent(request, chunks, reader) };
    }
  } catch (error) {
    // An unreadable body is the handler's problem to report: it meets the same failure; the log shows no token.
    return { token: undefined, request: resent(request, chunks, reader, { error }) };
  }
  const bytes = joinChunks(chunks as Uint8Array[], total);
  const form = new URLSearchParams(new TextDecoder().decode(bytes));
  return { token: tokenIn(request, form), request: new Request(request, { body: bytes }) };
}

/** `request` again, its body the chunks already read, then the rest of `reader` (or its failure). */
function resent(
  request: Request,
  chunks: unknown[],
  reader: ReadableStreamDefaultReader<unknown>,
  failed?: { error: unknown },
): Request {
  const body = new ReadableStream<unknown>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (failed) controller.error(failed.error);
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  // A stream body rules out keepalive and no-cors (Fetch, the Request constructor); neither means anything to a
  // simulated server, and a request that had them must still arrive.
  return new Request(request, {
    body: body as ReadableStream<Uint8Array>,
    duplex: 'half',
    keepalive: false,
    ...(request.mode === 'no-cors' ? { mode: 'cors' } : {}),
  } as RequestInit);
}
