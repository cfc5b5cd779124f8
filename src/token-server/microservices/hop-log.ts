import { z } from 'astro/zod';

/** What a hop decided about a request (RFC 6750 §3.1 error codes, plus the simulation's own outcomes). */
export const HopDecisionSchema = z.enum([
  /** Verified and authorised: served, or forwarded by the gateway. */
  'allowed',
  /** No bearer token: 401 with a bare `Bearer` challenge. */
  'no_token',
  /** A malformed Authorization header: 400 `invalid_request`. */
  'invalid_request',
  /** Verification failed: 401 `invalid_token`. */
  'invalid_token',
  /** Verified, but a required scope is missing: 403 `insufficient_scope`. */
  'insufficient_scope',
  /** Keys could not be obtained (JWKS down, slow, redirecting): 503, never a pass. */
  'unavailable',
  /** No route for this method and path: 404. */
  'not_found',
  /** The gateway could not reach the upstream service: 502. */
  'upstream_error',
]);
export type HopDecision = z.infer<typeof HopDecisionSchema>;

/** One request at one hop (gateway or service): token in, decision out. A row of the lab UI's hop view. */
export const HopEntrySchema = z.strictObject({
  /** Sequence number within the log, from 1. */
  id: z.number().int().positive(),
  /** Virtual time, ISO 8601. */
  time: z.string(),
  /** The hop's name, e.g. `gateway`, `orders`. */
  hop: z.string(),
  method: z.string(),
  url: z.string(),
  /** The bearer token the request carried, as received. */
  token: z.string().optional(),
  /** Its header and payload, decoded WITHOUT verification, for display only. */
  decoded: z
    .strictObject({ header: z.record(z.string(), z.unknown()), payload: z.record(z.string(), z.unknown()) })
    .optional(),
  decision: HopDecisionSchema,
  /** The status the hop answered with; `null` while a gateway still waits for its upstream. */
  status: z.number().int().nullable(),
  /** Stable code of the failure: a jose error code, `TypeError`, or the simulation's own. */
  error: z.string().optional(),
  /** `sub` of the verified token, when verification succeeded. */
  principal: z.string().optional(),
  /** The scopes the route required. */
  requiredScopes: z.array(z.string()).default([]),
  /** For the gateway: the upstream URL it forwarded to. */
  forwardedTo: z.string().optional(),
});
export type HopEntry = z.infer<typeof HopEntrySchema>;

export interface HopLog {
  readonly entries: readonly HopEntry[];
  /** Adds an entry; listeners are called with it. */
  record(entry: Omit<HopEntry, 'id'>): HopEntry;
  /**
   * Completes an entry recorded while the hop was still waiting (a gateway logs its decision before
   * forwarding, so the log stays in arrival order); listeners are called again with the same `id`.
   */
  complete(
    id: number,
    patch: Partial<Pick<HopEntry, 'status' | 'decision' | 'error' | 'forwardedTo'>>,
  ): HopEntry;
  /** Entries of one hop, in order. */
  of(hop: string): HopEntry[];
  subscribe(listener: (entry: HopEntry) => void): () => void;
  clear(): void;
}

/** Oldest entries are dropped beyond this, so a runaway loop cannot exhaust memory. */
const MAX_HOP_ENTRIES = 1000;

export function createHopLog(limit = MAX_HOP_ENTRIES): HopLog {
  const entries: HopEntry[] = [];
  const listeners = new Set<(entry: HopEntry) => void>();
  let sequence = 0;
  return {
    entries,
    // Entries come from the hops of this simulation, typed by HopEntrySchema, so they are built, not parsed: a
    // grade records one per request, and a parse of each (its decoded token included) cost milliseconds.
    record(partial) {
      const entry: HopEntry = { id: ++sequence, ...partial, requiredScopes: [...partial.requiredScopes] };
      entries.push(entry);
      if (entries.length > limit) entries.splice(0, entries.length - limit);
      for (const listener of listeners) listener(entry);
      return entry;
    },
    complete(id, patch) {
      const index = entries.findIndex((e) => e.id === id);
      const current = entries[index];
      if (!current)
        throw new RangeError(`hop log: no entry ${id} (completed twice, or dropped beyond the limit)`);
      const entry: HopEntry = { ...current, ...patch };
      entries[index] = entry;
      for (const listener of listeners) listener(entry);
      return entry;
    },
    of: (hop) => entries.filter((e) => e.hop === hop),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      entries.length = 0;
    },
  };
}
