import { z } from 'astro/zod';

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

async function peekText(request: Request): Promise<string | undefined> {
  const body = request.clone().body;
  if (!body) return undefined;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_PEEK_BYTES) {
      // Not awaited: cancelling one branch of a tee settles only once the handler's branch ends too.
      void reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

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

/**
 * The token a request carries, for the log; reads at most 16 KiB of a copy of the body, never the body itself.
 * `bodyText` is the body's text when the caller knows it (the request was made from a string or URLSearchParams):
 * a copy costs a stream tee and several tasks in a browser.
 */
export async function tokenOf(request: Request, bodyText?: string): Promise<string | undefined> {
  const inHeader = tokenIn(request);
  if (inHeader) return inHeader;
  const type = request.headers.get('content-type') ?? '';
  if (!request.body || !type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;
  try {
    const text =
      bodyText === undefined
        ? await peekText(request)
        : new TextEncoder().encode(bodyText).byteLength > MAX_PEEK_BYTES
          ? undefined
          : bodyText;
    return text === undefined ? undefined : tokenIn(request, new URLSearchParams(text));
  } catch {
    // An unreadable body is the handler's problem to report; the log just shows no token.
    return undefined;
  }
}
