import { z } from 'astro/zod';
import type { VirtualClock } from './clock';
import { frozenCopy } from './frozen-copy';
import type { GrantHandler } from './grants/grant-handler';
import { SigningAlgorithmSchema } from './keys/algorithms';
import type { SimulatedNetwork } from './network';

const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https URL' });

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const ScopeTokenSchema = z
  .string()
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'not a valid scope token (RFC 6749 §3.3)');

/** A registered client (RFC 6749 §2). */
export const ClientRegistrationSchema = z.strictObject({
  /** `client_id`. */
  id: z.string().min(1),
  /** Shared secret for `client_secret_basic` / `client_secret_post`. Absent: a public client (auth method `none`). */
  secret: z.string().min(1).optional(),
  /** Grant types the client may use, e.g. `authorization_code`, `refresh_token`, `client_credentials`. */
  grantTypes: z.array(z.string().min(1)).default(['client_credentials']),
  /** Exact redirect URIs for the authorization code flow (compared by exact string match, RFC 9700 §2.1). */
  redirectUris: z
    .array(
      z
        .url()
        .refine(
          (uri) => !uri.includes('#'),
          'redirect URI must not contain a fragment (RFC 6749 section 3.1.2)',
        ),
    )
    .default([]),
  /** Scopes the client may request; a request without `scope` gets all of them (RFC 6749 §3.3 default). */
  scopes: z.array(ScopeTokenSchema).default([]),
  /** Audiences (RFC 8707 resource indicators) the client may request; default the server's `audience`. */
  resources: z.array(httpsUrl).optional(),
  /**
   * Set when the client is itself a resource server: it may introspect tokens whose `aud` contains this value
   * (besides tokens issued to itself). RFC 7662 §4: callers must not learn about tokens they have no business with.
   */
  audience: httpsUrl.optional(),
});

/** A simulated resource owner; `/authorize` auto-approves as one of them. */
export const SimulatedUserSchema = z.strictObject({
  /** The `sub` claim. */
  id: z.string().min(1),
  /** Human-readable name (`username` in introspection, RFC 7662 §2.2). */
  username: z.string().min(1),
});

/** Token lifetimes in seconds. */
const LifetimesSchema = z.strictObject({
  /** Access token `exp - iat`; default 900 (15 min: short-lived, RFC 9700 §4.14). */
  accessToken: z.number().int().positive().default(900),
  /** Idle lifetime of a refresh token: each rotation issues one valid this long; default 86 400 (1 day). */
  refreshToken: z.number().int().positive().default(86_400),
  /** Absolute lifetime of a grant (refresh token family) that rotation never extends; default 30 days. */
  grant: z.number().int().positive().default(2_592_000),
  /** Authorization code lifetime; default 60 (RFC 6749 §4.1.2 recommends at most 10 minutes). */
  authorizationCode: z.number().int().positive().default(60),
});

/** Input size limits; requests beyond them get 413 (body) or 400 (URL, headers), never a crash. */
const LimitsSchema = z.strictObject({
  maxBodyBytes: z.number().int().positive().default(16_384),
  maxUrlLength: z.number().int().positive().default(8_192),
  maxHeaderBytes: z.number().int().positive().default(16_384),
});

export const DEFAULT_ISSUER = 'https://as.example.test';
export const DEFAULT_AUDIENCE = 'https://api.example.test';

export const DEFAULT_CLIENTS: z.input<typeof ClientRegistrationSchema>[] = [
  {
    id: 'lab-client',
    secret: 'lab-client-secret',
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    redirectUris: ['https://app.example.test/callback'],
    scopes: ['read', 'write'],
  },
  {
    id: 'lab-public-client',
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: ['https://spa.example.test/callback'],
    scopes: ['read', 'write'],
  },
  { id: 'resource-server', secret: 'resource-server-secret', grantTypes: [], audience: DEFAULT_AUDIENCE },
];

export const DEFAULT_USERS: z.input<typeof SimulatedUserSchema>[] = [
  { id: 'user-alice', username: 'alice' },
  { id: 'user-bob', username: 'bob' },
];

/** The serialisable part of the options, validated with a clear message on bad input. */
export const TokenServerConfigSchema = z.strictObject({
  /** Issuer identifier (RFC 8414 §2: https, no query or fragment); default `https://as.example.test`. */
  issuer: httpsUrl
    .refine((value) => !value.includes('?') && !value.includes('#'), 'issuer must have no query or fragment')
    .default(DEFAULT_ISSUER),
  /** Default `aud` of access tokens (the resource server); default `https://api.example.test`. */
  audience: httpsUrl.default(DEFAULT_AUDIENCE),
  /** Registered clients; default {@link DEFAULT_CLIENTS}. */
  clients: z.array(ClientRegistrationSchema).prefault(DEFAULT_CLIENTS),
  /** Simulated users; default {@link DEFAULT_USERS} (alice, bob). */
  users: z.array(SimulatedUserSchema).min(1).prefault(DEFAULT_USERS),
  /** `sub` of the user `/authorize` approves as when the request has no `login_hint`; default the first user. */
  defaultUser: z.string().optional(),
  lifetimes: LifetimesSchema.prefault({}),
  /** Signing algorithm of access tokens; default ES256. */
  algorithm: SigningAlgorithmSchema.default('ES256'),
  limits: LimitsSchema.prefault({}),
});

export type ClientRegistration = z.infer<typeof ClientRegistrationSchema>;
export type SimulatedUser = z.infer<typeof SimulatedUserSchema>;
export type Lifetimes = z.infer<typeof LifetimesSchema>;
export type TokenServerConfig = z.infer<typeof TokenServerConfigSchema>;

/** Configs already parsed, by their JSON text; the oldest is dropped beyond MAX_PARSED_CONFIGS. */
const parsedConfigs = new Map<string, TokenServerConfig>();
const MAX_PARSED_CONFIGS = 64;

/**
 * `TokenServerConfigSchema.parse`, remembered: a grade creates a token server for each check, nearly always from
 * the same options, and parsing the default clients' URLs and scopes costs more than the rest of the server. The
 * config is frozen, since servers share it. Options that are not plain JSON (a function, a class instance, a
 * number JSON cannot spell) are parsed every time, so they fail exactly as the schema says.
 */
export function parseTokenServerConfig(data: unknown): TokenServerConfig {
  const key = jsonKey(data);
  const known = key === undefined ? undefined : parsedConfigs.get(key);
  if (known) return known;
  const config = frozenCopy(TokenServerConfigSchema.parse(data));
  if (key !== undefined) {
    if (parsedConfigs.size >= MAX_PARSED_CONFIGS)
      parsedConfigs.delete(parsedConfigs.keys().next().value as string);
    parsedConfigs.set(key, config);
  }
  return config;
}

/** The JSON text of `value`, or `undefined` when JSON would not spell it exactly. */
function jsonKey(value: unknown): string | undefined {
  let exact = true;
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, member: unknown) {
    // The holder's own member, before any `toJSON` (a Date's) turned it into text.
    const raw = this[key];
    const plainObject =
      raw !== null &&
      typeof raw === 'object' &&
      (Array.isArray(raw) || [Object.prototype, null].includes(Object.getPrototypeOf(raw) as object)) &&
      !('toJSON' in raw);
    const primitive =
      raw === null ||
      typeof raw === 'string' ||
      typeof raw === 'boolean' ||
      (typeof raw === 'number' && Number.isFinite(raw));
    if (!plainObject && !primitive) exact = false;
    return member;
  });
  return exact ? text : undefined;
}

/**
 * Everything `createTokenServer` accepts. Every member is optional.
 *
 * @example
 * const server = await createTokenServer({
 *   algorithm: 'RS256',
 *   clients: [{ id: 'app', secret: 's3cret', grantTypes: ['client_credentials'], scopes: ['read'] }],
 *   lifetimes: { accessToken: 300 },
 * });
 */
export interface TokenServerOptions extends Partial<z.input<typeof TokenServerConfigSchema>> {
  /** The clock every time decision reads; default a frozen `createVirtualClock()` (inside labs: the run clock). */
  clock?: VirtualClock;
  /** When given, the issuer's origin registers itself on this network (and unregisters on `close()`). */
  network?: SimulatedNetwork;
  /**
   * Replaces or adds token endpoint grant handlers, keyed by `grant_type`. A client may use a grant only if it is
   * listed in its `grantTypes`. See {@link GrantHandler} for the contract and an example.
   */
  grants?: Record<string, GrantHandler>;
}
