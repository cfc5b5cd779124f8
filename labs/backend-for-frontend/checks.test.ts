// @lab-checks learner-values-through-snapshot: the BFF's responses are read only through the platform's own Response and Headers methods.
import { beforeEach, describe, expect, it } from 'vitest';
import { createBff } from '@lab/submission';
import {
  CheckFailure,
  createTokenServer,
  evidence,
  expectAccepted,
  forLearner,
  isPlatformResponse,
  labClock,
  labNetwork,
  labRandom,
  untilIdle,
  type GrantHandler,
  type TokenServer,
} from '@lab/server';
import { base64url, createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';

const PORTAL = 'https://portal.fernhill.example';
const ISSUER = 'https://login.fernhill.example';
const API = 'https://api.fernhill.example';
/** An origin that must never receive a request carrying a token. */
const ELSEWHERE = 'https://elsewhere.example';
const CLIENT_ID = 'fernhill-portal';
const ACCESS_TOKEN_LIFETIME = 300;
const BFF_CLAUSES = ['draft-ietf-oauth-browser-based-apps §6.1'];
const STATE_CLAUSES = ['RFC 6749 §10.12', 'RFC 7636 §4'];
const COOKIE_CLAUSES = ['draft-ietf-httpbis-rfc6265bis §4.1.3.2'];

/** What the portal's own pages send with every call to the BFF. */
const PORTAL_HEADERS = { 'x-fernhill-csrf': '1', origin: PORTAL, 'sec-fetch-site': 'same-origin' };

/**
 * Rotation as Fernhill's authorization server does it (RFC 9700 §4.14.2): every refresh consumes the presented
 * refresh token and answers a new one; a token that is not active any more is refused with invalid_grant.
 */
const rotatingRefreshGrant: GrantHandler = async (ctx) => {
  const result = ctx.refreshTokens.consume(ctx.params.get('refresh_token') ?? '');
  if (result.outcome !== 'ok') throw ctx.oauthError('invalid_grant', `refresh token is ${result.outcome}`);
  const grant = ctx.grants.get(result.record.grantId);
  if (!grant || !ctx.grants.isActive(grant)) throw ctx.oauthError('invalid_grant', 'the grant has ended');
  const access = await ctx.issueAccessToken(grant);
  return {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresIn,
    refresh_token: ctx.issueRefreshToken(grant),
    scope: access.scope,
  };
};

/** How the authorization server's token endpoint answers (behind the network, as the BFF sees it). */
type TokenEndpointMode = 'normal' | 'error' | 'malformed' | 'incomplete' | 'no-expires-in';

interface TokenRequest {
  grantType: string | null;
  refreshToken: string | null;
  codeVerifier: string | null;
}

interface ApiRequest {
  method: string;
  path: string;
  /** The names of the headers the API received, sorted. */
  headerNames: string[];
  authorization: string | null;
  accept: string | null;
  contentType: string | null;
  body: string;
}

/** A response of the BFF, read through the platform's own methods: plain strings only. */
interface Seen {
  label: string;
  status: number;
  location: string | null;
  /** Every `Set-Cookie` line, in order. */
  setCookies: string[];
  /** Every header as `name: value`, set-cookie lines included. */
  headerLines: string[];
  body: string;
}

interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; a flag attribute has the value ''. */
  attributes: Map<string, string>;
}

/** A browser: the cookies the BFF set, sent back with every request. */
interface Browser {
  cookies: Map<string, string>;
}

/** Headers a browser's fetch never lets a page set, so a Request built there silently drops them (Fetch §2.2.2). */
function forbiddenInBrowsers(name: string): boolean {
  return (
    /^(sec-|proxy-)/.test(name) ||
    [
      'accept-charset',
      'accept-encoding',
      'access-control-request-headers',
      'access-control-request-method',
      'connection',
      'content-length',
      'cookie',
      'cookie2',
      'date',
      'dnt',
      'expect',
      'host',
      'keep-alive',
      'origin',
      'referer',
      'set-cookie',
      'te',
      'trailer',
      'transfer-encoding',
      'upgrade',
      'via',
    ].includes(name)
  );
}

/**
 * A request as the portal's web server receives it from a browser: with the `Cookie`, `Origin` and
 * `Sec-Fetch-Site` headers that a Request built in a browser (where the checks may run) would drop.
 */
class BrowserRequest extends Request {
  readonly #sent: Headers;
  constructor(url: string, method: string, sent: Headers, body: string | null) {
    super(url, { method, body });
    this.#sent = sent;
  }
  override get headers(): Headers {
    return this.#sent;
  }
}
Object.freeze(BrowserRequest.prototype);
Object.freeze(BrowserRequest);

let server: TokenServer;
let clientSecret: string;
let bffOptions: Record<string, string>;
let bff: (request: Request, context: { setCookie(line: string): void }) => Promise<Response>;
let tokenMode: TokenEndpointMode;
let tokenRequests: TokenRequest[];
let apiRequests: ApiRequest[];
let elsewhereRequests: string[];
let apiAnswer: 'appointments' | 'not-found';
/** While true, the API's gateway adds headers that carry the access token it received (as oauth2-proxy can). */
let apiEchoesToken: boolean;
/** While set, the revocation endpoint reports each request and answers only once `released` resolves. */
let revocationGate: { reached: () => void; released: Promise<void> } | undefined;
let issuerOnline: (() => void) | undefined;
let apiOnline: (() => void) | undefined;
/**
 * While set, races are forced. A refresh answer waits (after the authorization server has rotated the token)
 * until a second refresh or a revocation has been handled, or the simulation is idle (`untilIdle`: the BFF waits
 * for this answer before it sends anything else, as a lock makes it); a revocation waits until a refresh has
 * been handled, or the simulation is idle. So two refreshes, or a refresh and a logout, both reach the
 * authorization server, in that order, before the BFF sees either answer, however busy the machine.
 */
interface Hold {
  waiting: boolean;
  refreshed: Promise<void>;
  markRefreshed: () => void;
  released: Promise<void>;
  release: () => void;
}
let hold: Hold | undefined;
/** Every value the browser must never see, with what it is, in the order they became known. */
let secretValues: [string, string][];
/** Every form of every secret, with what it is (each form once). */
let secretForms: [string, string][];
let secretFormSet: Set<string>;
/** Where each INDEX_WINDOW characters taken every INDEX_STRIDE characters of a form stand, by their hash. */
let secretIndex: Map<number, [form: number, offset: number][]>;
let secretFilter: Uint8Array;
/** Every response the BFF gave in this check: scanned once, and again for each secret that becomes known later. */
let responses: Seen[];
let responsesScanned: number;
let formsScanned: number;

const intrinsics = {
  responseHeaders: Reflect.getOwnPropertyDescriptor(Response.prototype, 'headers')?.get,
  responseStatus: Reflect.getOwnPropertyDescriptor(Response.prototype, 'status')?.get,
  responseText: Response.prototype.text,
  headersForEach: Headers.prototype.forEach,
  headersGet: Headers.prototype.get,
};

function randomValue(bytes = 24): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A leak is any run of this many characters of a secret, in any of the forms below. */
const LEAK_WINDOW = 10;
/**
 * Forms are indexed by INDEX_WINDOW characters every INDEX_STRIDE characters: any run of LEAK_WINDOW characters
 * a response shares with a form holds one indexed window whole, which a look at every position of the response
 * finds; the run is then measured. A quarter of the index a window at every position would take.
 */
const INDEX_STRIDE = 4;
const INDEX_WINDOW = LEAK_WINDOW - INDEX_STRIDE + 1;
/**
 * A rolling (Rabin–Karp) hash of INDEX_WINDOW characters: no string is built per position; matches are measured.
 * Modulo 2³² in integer arithmetic (Math.imul), which costs a fraction of a floating-point remainder per character.
 */
const HASH_BASE = 65_599;
const HASH_LEAD = Array.from({ length: INDEX_WINDOW - 1 }).reduce<number>(
  (power) => Math.imul(power, HASH_BASE),
  1,
);
/** Which hashes' low HASH_FILTER_BITS bits some indexed window has: most positions of a response need no lookup. */
const HASH_FILTER_BITS = 16;
const HASH_FILTER_MASK = (1 << HASH_FILTER_BITS) - 1;

/** Calls `visit(hash, at)` for the window of INDEX_WINDOW characters at every position of `text`. */
function eachWindow(text: string, visit: (hash: number, at: number) => void, filter?: Uint8Array): void {
  let hash = 0;
  for (let at = 0; at < text.length; at += 1) {
    if (at >= INDEX_WINDOW) hash = (hash - Math.imul(text.charCodeAt(at - INDEX_WINDOW), HASH_LEAD)) | 0;
    hash = (Math.imul(hash, HASH_BASE) + text.charCodeAt(at)) | 0;
    if (at >= INDEX_WINDOW - 1 && (filter === undefined || filter[hash & HASH_FILTER_MASK] === 1))
      visit(hash, at - INDEX_WINDOW + 1);
  }
}

/** Records a value the browser must never see, in the forms a leak could take. */
function keepSecret(value: string, what: string): void {
  secretValues.push([value, what]);
  // A JWT's header segment (alg, kid, typ) is alike in every token and secret in none: scan from the payload on.
  const secret = /^[\w-]+\.[\w-]+\.[\w-]*$/.test(value) ? value.slice(value.indexOf('.') + 1) : value;
  const forms: [string, string][] = [
    [secret, what],
    [encodeURIComponent(secret), `${what}, URL-encoded`],
  ];
  // Base64 of a text that contains the secret: each of the three alignments, without the edge groups that
  // mix the secret's bits with its neighbours'.
  for (const offset of [0, 1, 2]) {
    const encoded = btoa(`${'\0'.repeat(offset)}${secret}`).slice(offset === 0 ? 0 : 4, -4);
    forms.push([encoded, `${what}, base64-encoded`]);
    forms.push([encoded.replace(/\+/g, '-').replace(/\//g, '_'), `${what}, base64url-encoded`]);
  }
  for (const entry of forms) {
    const [form] = entry;
    if (secretFormSet.has(form)) continue;
    secretFormSet.add(form);
    const index = secretForms.push(entry) - 1;
    eachWindow(form, (hash, at) => {
      if (at % INDEX_STRIDE !== 0) return;
      const places = secretIndex.get(hash);
      if (places) places.push([index, at]);
      else secretIndex.set(hash, [[index, at]]);
      secretFilter[hash & HASH_FILTER_MASK] = 1;
    });
  }
}

/** The first leak of a form from `fromForm` on in a response, described, or undefined. */
function leakIn(seen: Seen, fromForm: number): string | undefined {
  const places: [string, string][] = [
    ...seen.headerLines.map((line): [string, string] => [line, `the header ${line.split(':')[0] ?? ''}`]),
    [seen.body, 'the body'],
  ];
  for (const [text, where] of places) {
    let leak: string | undefined;
    eachWindow(
      text,
      (hash, at) => {
        if (leak !== undefined) return;
        for (const [index, offset] of secretIndex.get(hash) ?? []) {
          if (index < fromForm) continue;
          const form = (secretForms[index] as [string, string])[0];
          // Measured character by character: a hash match alone proves nothing.
          let before = 0;
          while (before < Math.min(at, offset) && text[at - before - 1] === form[offset - before - 1])
            before += 1;
          let after = 0;
          while (at + after < text.length && text[at + after] === form[offset + after]) after += 1;
          if (after >= INDEX_WINDOW && before + after >= LEAK_WINDOW) {
            leak = `${longestMatch(text, at - before)} in ${where}`;
            return;
          }
        }
      },
      secretFilter,
    );
    if (leak !== undefined) return leak;
  }
  return undefined;
}

/** Which secret the leak at `at` comes from: the form that matches the most characters from there on. */
function longestMatch(text: string, at: number): string {
  let best = { length: 0, what: '' };
  const window = text.slice(at, at + LEAK_WINDOW);
  for (const [form, what] of secretForms) {
    for (let start = form.indexOf(window); start >= 0; start = form.indexOf(window, start + 1)) {
      let length = LEAK_WINDOW;
      while (at + length < text.length && form[start + length] === text[at + length]) length += 1;
      if (length > best.length) best = { length, what };
    }
  }
  return `${best.length} characters of ${best.what}`;
}

/** Scans the responses not scanned yet, and every response again when a secret became known since. */
function scanForLeaks(): void {
  const [scanned, formsKnown] = [responsesScanned, formsScanned];
  responsesScanned = responses.length;
  formsScanned = secretForms.length;
  for (const [at, seen] of responses.entries()) {
    // A response scanned before is looked at again only for the forms that became known since.
    const fromForm = at < scanned ? formsKnown : 0;
    if (fromForm === secretForms.length) continue;
    const leak = leakIn(seen, fromForm);
    if (leak !== undefined) {
      throw new CheckFailure(
        'ERR_CHECK_EXPECTED_STATUS',
        `${seen.label}: expected: no token in any response to the browser; your code's response carried ${leak}`,
      );
    }
  }
}

/** The values kept secret as `what`, oldest first. */
function secretsOf(what: string): string[] {
  return secretValues.filter(([, kind]) => kind === what).map(([value]) => value);
}

/** Reads a genuine platform Response through the platform's own getters and methods (never the learner's). */
async function read(returned: unknown, label: string, setCookies: string[]): Promise<Seen> {
  if (!isPlatformResponse(returned)) {
    throw new CheckFailure(
      'ERR_CHECK_EXPECTED_RESPONSE',
      `${label}: expected: a Response; your code returned something else`,
    );
  }
  const status = Reflect.apply(intrinsics.responseStatus as () => number, returned, []) as number;
  const headers = Reflect.apply(intrinsics.responseHeaders as () => Headers, returned, []) as Headers;
  const headerLines: string[] = [];
  // A Set-Cookie on the Response itself is ignored: a browser drops it, so the checks must too.
  Reflect.apply(intrinsics.headersForEach, headers, [
    (value: string, name: string) => {
      if (name !== 'set-cookie') headerLines.push(`${name}: ${value}`);
    },
  ]);
  for (const line of setCookies) headerLines.push(`set-cookie: ${line}`);
  const location = Reflect.apply(intrinsics.headersGet, headers, ['location']) as string | null;
  let body: string;
  try {
    body = (await Reflect.apply(intrinsics.responseText, returned, [])) as string;
  } catch {
    throw new CheckFailure(
      'ERR_CHECK_EXPECTED_RESPONSE',
      `${label}: expected: a Response with a readable body; reading your code's body failed`,
    );
  }
  return { label, status, location, setCookies, headerLines, body };
}

function parseSetCookie(line: string): SetCookie {
  const [pair = '', ...rest] = line.split(';');
  const eq = pair.indexOf('=');
  const attributes = new Map<string, string>();
  for (const attribute of rest) {
    const at = attribute.indexOf('=');
    const name = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    if (name !== '') attributes.set(name, at < 0 ? '' : attribute.slice(at + 1).trim());
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

function removesCookie(cookie: SetCookie): boolean {
  const maxAge = cookie.attributes.get('max-age');
  return maxAge !== undefined && Number(maxAge) <= 0;
}

function newBrowser(): Browser {
  return { cookies: new Map() };
}

function cookieHeader(browser: Browser): string | undefined {
  const pairs = [...browser.cookies].map(([name, value]) => `${name}=${value}`);
  return pairs.length > 0 ? pairs.join('; ') : undefined;
}

interface Send {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The whole `Cookie` header, instead of the browser's cookies (`null`: none). */
  cookie?: string | null;
  label?: string;
}

/** One request from `browser` to the BFF; the response is read, scanned for tokens, and its cookies kept. */
async function send(browser: Browser, path: string, init: Send = {}): Promise<Seen> {
  const method = init.method ?? 'GET';
  const label = init.label ?? `${method} ${path}`;
  const headers = new Headers(init.headers);
  const cookie = init.cookie === undefined ? cookieHeader(browser) : init.cookie;
  if (cookie !== undefined && cookie !== null) headers.set('cookie', cookie);
  const request = new BrowserRequest(`${PORTAL}${path}`, method, headers, init.body ?? null);
  const lines: string[] = [];
  const context = forLearner({
    setCookie: (line: unknown) => {
      lines.push(typeof line === 'string' ? line : '(not a string)');
    },
  });
  let returned: unknown;
  await expectAccepted(
    async () => {
      returned = await bff(request, context);
      return null;
    },
    undefined,
    { label },
  );
  const seen = await read(returned, label, [...lines]);
  responses.push(seen);
  scanForLeaks();
  for (const line of seen.setCookies) {
    const parsed = parseSetCookie(line);
    if (removesCookie(parsed)) browser.cookies.delete(parsed.name);
    else browser.cookies.set(parsed.name, parsed.value);
  }
  return seen;
}

/** A call from the portal's own pages to the API through the BFF. */
function callApi(browser: Browser, path: string, init: Send = {}): Promise<Seen> {
  return send(browser, `/bff/api${path}`, { ...init, headers: { ...PORTAL_HEADERS, ...init.headers } });
}

function isRedirect(seen: Seen): boolean {
  return seen.status === 302 || seen.status === 303;
}

/** `GET /bff/login`, then the authorization server as `user` approves: the callback URL the browser is sent to. */
async function startLogin(browser: Browser, user = 'user-alice', loginPath = '/bff/login'): Promise<string> {
  const seen = await send(browser, loginPath);
  expect(isRedirect(seen), `GET /bff/login: expected a 302 or 303 redirect, got ${seen.status}`).toBe(true);
  const target = new URL(seen.location ?? 'about:blank', PORTAL);
  expect(
    `${target.origin}${target.pathname}`,
    'GET /bff/login: the redirect goes to the authorization endpoint',
  ).toBe(server.endpoints.authorize);
  target.searchParams.set('login_hint', user);
  const approved = await fetch(target.href, { redirect: 'manual' });
  const callback = new URL(approved.headers.get('location') ?? 'about:blank');
  expect(
    `${callback.origin}${callback.pathname}`,
    `the authorization server refused the login request (${callback.searchParams.get('error_description') ?? approved.status})`,
  ).toBe(`${PORTAL}/bff/callback`);
  expect(callback.searchParams.get('error'), 'the authorization server refused the login request').toBeNull();
  return `${callback.pathname}${callback.search}`;
}

/** The callback must end the login: a redirect to the start page with a `__Host-session` cookie. */
async function finishLogin(browser: Browser, callbackPath: string, label = 'the callback'): Promise<string> {
  const seen = await send(browser, callbackPath, { label });
  expect(
    isRedirect(seen),
    `${label}: expected a 302 or 303 redirect to the start page, got ${seen.status}`,
  ).toBe(true);
  // Resolved as the browser does, against the URL it requested: an empty Location would reload the callback.
  expect(
    new URL(seen.location ?? 'about:blank', `${PORTAL}${callbackPath}`).href,
    `${label}: the redirect goes to the start page`,
  ).toBe(`${PORTAL}/`);
  const session = seen.setCookies.map(parseSetCookie).find((cookie) => cookie.name === '__Host-session');
  expect(session?.value ?? '', `${label}: a __Host-session cookie with the session id`).not.toBe('');
  return session?.value ?? '';
}

async function signIn(browser: Browser, user = 'user-alice'): Promise<string> {
  return finishLogin(browser, await startLogin(browser, user));
}

/** The `sub` the API saw for a genuine call, or the BFF's status when the call did not succeed. */
async function whoIs(browser: Browser, init: Send = {}): Promise<string> {
  const seen = await callApi(browser, '/appointments', init);
  if (seen.status !== 200) return `status ${seen.status}`;
  const body = jsonOf(seen.body) as { sub?: unknown } | undefined;
  return typeof body?.sub === 'string' ? body.sub : 'an answer that is not the API’s';
}

/** The body as JSON, or undefined (never the platform's parse error, whose words differ between engines). */
function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The refresh token the authorization server last issued to the BFF. */
function latestRefreshToken(): string {
  return secretsOf('the refresh token').at(-1) ?? '';
}

function deferred(): [Promise<void>, () => void] {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return [promise, resolve];
}

function holdRefreshes(): void {
  const [refreshed, markRefreshed] = deferred();
  const [released, release] = deferred();
  hold = { waiting: false, refreshed, markRefreshed, released, release };
}

async function heldWhileHolding(): Promise<void> {
  if (!hold) return;
  hold.markRefreshed();
  if (hold.waiting) hold.release();
  else {
    hold.waiting = true;
    void untilIdle().then(hold.release);
  }
  await hold.released;
}

function setIssuerOnline(online: boolean): void {
  if (!online) {
    issuerOnline?.();
    issuerOnline = undefined;
    return;
  }
  issuerOnline ??= labNetwork().register(ISSUER, async (request) => {
    const url = new URL(request.url);
    if (url.pathname === '/revoke') {
      if (revocationGate) {
        revocationGate.reached();
        await revocationGate.released;
      }
      if (hold) await Promise.race([hold.refreshed, untilIdle()]);
      const answer = await server.fetch(request);
      hold?.release();
      return answer;
    }
    if (url.pathname !== '/token') return server.fetch(request);
    // Read once and handed on as text: a clone's tee costs milliseconds per request in a browser.
    const sent = await request.text();
    const form = new URLSearchParams(sent);
    tokenRequests.push({
      grantType: form.get('grant_type'),
      refreshToken: form.get('refresh_token'),
      codeVerifier: form.get('code_verifier'),
    });
    const verifier = form.get('code_verifier');
    if (verifier !== null) keepSecret(verifier, 'the PKCE code verifier');
    if (tokenMode === 'error') {
      return Response.json({ error: 'temporarily_unavailable' }, { status: 503 });
    }
    if (tokenMode === 'malformed') {
      return new Response('<html><body>Maintenance</body></html>', {
        headers: { 'content-type': 'text/html' },
      });
    }
    if (tokenMode === 'incomplete') return Response.json({ token_type: 'Bearer', expires_in: 300 });
    const bodyless = request.method === 'GET' || request.method === 'HEAD';
    const answer = await server.fetch(new Request(request, bodyless ? {} : { body: sent }));
    if (form.get('grant_type') === 'refresh_token') await heldWhileHolding();
    if (!answer.ok) return answer;
    const body = (await answer.json()) as Record<string, unknown>;
    // The genuine answer, tokens and all, but without the lifetime the statement requires.
    if (tokenMode === 'no-expires-in') delete body.expires_in;
    for (const [member, what] of [
      ['access_token', 'the access token'],
      ['refresh_token', 'the refresh token'],
    ] as const) {
      const value = body[member];
      if (typeof value === 'string') keepSecret(value, what);
    }
    if (form.get('grant_type') === 'authorization_code') {
      const { sub } = decodeJwt(String(body.access_token));
      const idToken = await server.issueIdToken({ clientId: CLIENT_ID, sub: String(sub) });
      keepSecret(idToken.token, 'the ID token');
      body.id_token = idToken.token;
    }
    return Response.json(body, { headers: { 'cache-control': 'no-store' } });
  });
}

function setApiOnline(online: boolean): void {
  if (!online) {
    apiOnline?.();
    apiOnline = undefined;
    return;
  }
  const keys = createLocalJWKSet(server.keys.jwks());
  apiOnline ??= labNetwork().register(API, async (request) => {
    const url = new URL(request.url);
    const seen: ApiRequest = {
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headerNames: [...request.headers.keys()].sort(),
      authorization: request.headers.get('authorization'),
      accept: request.headers.get('accept'),
      contentType: request.headers.get('content-type'),
      body: await request.text(),
    };
    apiRequests.push(seen);
    const token = /^Bearer (\S+)$/.exec(seen.authorization ?? '')?.[1] ?? '';
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: ISSUER,
        audience: API,
        algorithms: ['ES256'],
      });
      const headers: Record<string, string> = apiEchoesToken
        ? { 'x-auth-request-access-token': token, 'x-forwarded-access-token': token }
        : {};
      if (apiAnswer === 'not-found') {
        return Response.json({ error: 'no such appointment' }, { status: 404, headers });
      }
      return Response.json(
        { sub: payload.sub, method: seen.method, path: seen.path, body: seen.body },
        { headers },
      );
    } catch {
      return new Response(null, {
        status: 401,
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
    }
  });
}

beforeEach(async () => {
  clientSecret = randomValue();
  server = await createTokenServer({
    issuer: ISSUER,
    audience: API,
    clients: [
      {
        id: CLIENT_ID,
        secret: clientSecret,
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: [`${PORTAL}/bff/callback`],
        scopes: ['appointments'],
      },
    ],
    lifetimes: { accessToken: ACCESS_TOKEN_LIFETIME },
    grants: { refresh_token: rotatingRefreshGrant },
  });
  // The issuer's origin is served through a recording gate instead (see setIssuerOnline).
  server.close();
  tokenMode = 'normal';
  tokenRequests = [];
  apiRequests = [];
  elsewhereRequests = [];
  apiAnswer = 'appointments';
  apiEchoesToken = false;
  revocationGate = undefined;
  issuerOnline = undefined;
  apiOnline = undefined;
  hold = undefined;
  secretValues = [];
  secretIndex = new Map();
  secretFilter = new Uint8Array(1 << HASH_FILTER_BITS);
  secretForms = [];
  secretFormSet = new Set();
  responses = [];
  responsesScanned = 0;
  formsScanned = 0;
  keepSecret(clientSecret, 'the client secret');
  setIssuerOnline(true);
  setApiOnline(true);
  labNetwork().register(ELSEWHERE, (request) => {
    elsewhereRequests.push(`${request.method} ${request.url} ${request.headers.get('authorization') ?? ''}`);
    return new Response('ok');
  });
  bffOptions = {
    origin: PORTAL,
    clientId: CLIENT_ID,
    clientSecret,
    authorizationEndpoint: server.endpoints.authorize,
    tokenEndpoint: server.endpoints.token,
    revocationEndpoint: server.endpoints.revoke,
    scope: 'appointments',
    apiOrigin: API,
  };
  bff = createBff(forLearner(bffOptions) as never);
});

describe('createBff', () => {
  describe('login and callback', () => {
    it('signs a browser in with state and PKCE and redirects to the start page with a __Host-session cookie', async () => {
      evidence({
        clauses: [...BFF_CLAUSES, ...STATE_CLAUSES],
        note: 'a genuine login, then a genuine API call',
      });
      const browser = newBrowser();
      // A return address the BFF must not honour: the statement sends every login to the start page.
      const callbackPath = await startLogin(browser, 'user-alice', '/bff/login?returnTo=%2F%2Fevil.example');
      const state = new URL(callbackPath, PORTAL).searchParams.get('state') ?? '';
      expect(state.length, 'the state is an unguessable value').toBeGreaterThanOrEqual(16);
      await finishLogin(browser, callbackPath);
      expect(tokenRequests.map((request) => request.grantType)).toEqual(['authorization_code']);
      expect(await whoIs(browser)).toBe('user-alice');
    });

    it('sets every cookie with the __Host- prefix, Path=/, Secure, HttpOnly, SameSite and no Domain', async () => {
      evidence({
        clauses: COOKIE_CLAUSES,
        note: 'every Set-Cookie of login, callback, a refused call and logout',
      });
      const browser = newBrowser();
      await signIn(browser);
      await callApi(browser, '/appointments', { cookie: '__Host-session=ended' });
      await send(browser, '/bff/logout', { method: 'POST', headers: PORTAL_HEADERS });
      const cookies = responses.flatMap((seen) =>
        seen.setCookies.map((line) => ({ line, label: seen.label })),
      );
      expect(cookies.length, 'the login and the callback set cookies').toBeGreaterThanOrEqual(2);
      for (const { line, label } of cookies) {
        const cookie = parseSetCookie(line);
        const sameSite = (cookie.attributes.get('samesite') ?? '').toLowerCase();
        const problems = [
          cookie.name.startsWith('__Host-') ? '' : 'no __Host- prefix',
          cookie.attributes.get('path') === '/' ? '' : 'no Path=/',
          cookie.attributes.has('secure') ? '' : 'no Secure',
          cookie.attributes.has('httponly') ? '' : 'no HttpOnly',
          sameSite === 'strict' || sameSite === 'lax' ? '' : 'no SameSite=Strict or Lax',
          cookie.attributes.has('domain') ? 'a Domain' : '',
        ].filter(Boolean);
        // The value is left out of the message: it is random, and the message must read the same everywhere.
        expect(problems, `${label}: Set-Cookie: ${line.replace(/=[^;]*/, '=…')}`).toEqual([]);
      }
    });

    it('refuses a callback without this browser’s pre-login cookie, or whose state differs in any way', async () => {
      evidence({
        clauses: STATE_CLAUSES,
        note: 'callbacks with no pre-login cookie and with altered states',
      });
      const other = (state: string): string => `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`;
      const cases: [string, (url: URL, state: string) => void][] = [
        ['the state’s last character changed', (url, state) => url.searchParams.set('state', other(state))],
        ['a character more in the state', (url, state) => url.searchParams.set('state', `${state}A`)],
        ['the state’s last character cut', (url, state) => url.searchParams.set('state', state.slice(0, -1))],
        ['the state in upper case', (url, state) => url.searchParams.set('state', state.toUpperCase())],
        ['the state in lower case', (url, state) => url.searchParams.set('state', state.toLowerCase())],
        ['an empty state', (url) => url.searchParams.set('state', '')],
        ['no state', (url) => url.searchParams.delete('state')],
        ['no code', (url) => url.searchParams.delete('code')],
        ['no pre-login cookie', () => undefined],
      ];
      for (const [what, edit] of cases) {
        const browser = newBrowser();
        const callback = new URL(await startLogin(browser), PORTAL);
        const state = callback.searchParams.get('state') ?? '';
        edit(callback, state);
        // Upper or lower case may leave a state without letters of that case unchanged: then it is genuine.
        if (what.startsWith('the state in') && callback.searchParams.get('state') === state) continue;
        const label = `a callback with ${what}`;
        const before = tokenRequests.length;
        const seen = await send(
          browser,
          `${callback.pathname}${callback.search}`,
          what === 'no pre-login cookie' ? { cookie: null, label } : { label },
        );
        expect(seen.status, `${label}: refused with a status of 400 or more`).toBeGreaterThanOrEqual(400);
        expect(browser.cookies.has('__Host-session'), `${label}: no session cookie`).toBe(false);
        expect(tokenRequests.length, `${label}: the token endpoint is not called`).toBe(before);
      }
      expect(await signIn(newBrowser()), 'a genuine login after the attacks').not.toBe('');
    });

    it('refuses a callback that carries another browser’s login (login CSRF)', async () => {
      evidence({
        clauses: STATE_CLAUSES,
        note: 'the attacker starts a login as bob and sends the victim’s browser to its callback URL',
      });
      const victim = newBrowser();
      await startLogin(victim, 'user-alice');
      const attacker = newBrowser();
      const attackersCallback = await startLogin(attacker, 'user-bob');
      const before = tokenRequests.length;
      const seen = await send(victim, attackersCallback, {
        label: 'the attacker’s callback in the victim’s browser',
      });
      expect(
        seen.status,
        'the attacker’s callback in the victim’s browser is refused',
      ).toBeGreaterThanOrEqual(400);
      expect(victim.cookies.has('__Host-session'), 'the victim’s browser gets no session').toBe(false);
      expect(tokenRequests.length, 'the token endpoint is not called').toBe(before);
      expect(await whoIs(victim), 'the victim is not signed in as the attacker').toBe('status 401');
      expect(await signIn(newBrowser(), 'user-alice'), 'a genuine login afterwards').not.toBe('');
    });

    it('refuses a callback replayed after it was used', async () => {
      evidence({
        clauses: STATE_CLAUSES,
        note: 'the same callback URL, with the same pre-login cookie, twice',
      });
      const browser = newBrowser();
      const callbackPath = await startLogin(browser);
      const loginCookie = cookieHeader(browser) ?? null;
      await finishLogin(browser, callbackPath);
      const before = tokenRequests.length;
      const replay = newBrowser();
      const seen = await send(replay, callbackPath, { cookie: loginCookie, label: 'the replayed callback' });
      expect(seen.status, 'the replayed callback is refused').toBeGreaterThanOrEqual(400);
      expect(replay.cookies.has('__Host-session'), 'the replay gets no session').toBe(false);
      expect(tokenRequests.length, 'the token endpoint is not called again').toBe(before);
      expect(await whoIs(browser), 'the first login still works').toBe('user-alice');

      // The same callback twice at once (a double click, or a replay racing the genuine one): one exchange.
      const racing = newBrowser();
      const racingCallback = await startLogin(racing);
      const racingCookie = cookieHeader(racing) ?? null;
      const exchanges = tokenRequests.length;
      const outcomes = await Promise.all(
        [1, 2].map((n) =>
          send(newBrowser(), racingCallback, {
            cookie: racingCookie,
            label: `the callback sent twice at once (${n})`,
          }),
        ),
      );
      expect(tokenRequests.length - exchanges, 'code exchanges for a callback sent twice at once').toBe(1);
      expect(
        outcomes.filter((seen) =>
          seen.setCookies.some((line) => parseSetCookie(line).name === '__Host-session'),
        ).length,
        'sessions created by a callback sent twice at once',
      ).toBe(1);
    });

    it('gives every login a fresh random session id, never one the browser brought (session fixation)', async () => {
      evidence({
        clauses: BFF_CLAUSES,
        note: 'the attacker plants its own live session id, then an unknown one, in the victim’s browser before the victim signs in',
      });
      const attacker = newBrowser();
      const attackersId = await signIn(attacker, 'user-bob');
      const victim = newBrowser();
      victim.cookies.set('__Host-session', attackersId);
      const victimsCallback = await startLogin(victim, 'user-alice');
      const brought = [...victim.cookies.values()];
      const victimsId = await finishLogin(victim, victimsCallback);
      expect(victimsId === attackersId, 'the victim gets a new session id, not the planted one').toBe(false);
      expect(brought.includes(victimsId), 'the session id is none of the values the browser brought').toBe(
        false,
      );
      expect(await whoIs(attacker), 'the attacker’s session is not the victim’s').not.toBe('user-alice');
      expect(await whoIs(victim)).toBe('user-alice');

      const planted = randomValue(32);
      const other = newBrowser();
      other.cookies.set('__Host-session', planted);
      expect(await signIn(other, 'user-alice'), 'an unknown planted id is not adopted').not.toBe(planted);
      expect(await whoIs(newBrowser(), { cookie: `__Host-session=${planted}` }), 'the planted id').toBe(
        'status 401',
      );

      // A second BFF (a second instance of the portal) must not hand out the same ids.
      const ids = new Set([attackersId, victimsId]);
      bff = createBff(forLearner(bffOptions) as never);
      for (const user of ['user-alice', 'user-bob']) ids.add(await signIn(newBrowser(), user));
      expect(ids.size, 'four logins on two BFFs, four distinct session ids').toBe(4);
      for (const id of ids)
        expect(id.length, 'a session id of at least 128 random bits').toBeGreaterThanOrEqual(22);
    });

    it('draws every login id, state and PKCE verifier afresh: long, and never repeated across logins or BFFs', async () => {
      evidence({ clauses: STATE_CLAUSES, note: 'four logins on two BFFs started at the same instant' });
      const loginIds: string[] = [];
      const states: string[] = [];
      for (const instance of [1, 2]) {
        if (instance === 2) bff = createBff(forLearner(bffOptions) as never);
        for (const user of ['user-alice', 'user-bob']) {
          const browser = newBrowser();
          const callbackPath = await startLogin(browser, user);
          loginIds.push(...[...browser.cookies.values()]);
          states.push(new URL(callbackPath, PORTAL).searchParams.get('state') ?? '');
          await finishLogin(browser, callbackPath);
        }
      }
      const verifiers = tokenRequests.map((request) => request.codeVerifier ?? '');
      for (const [what, values] of [
        ['pre-login cookie values', loginIds],
        ['states', states],
        ['code verifiers', verifiers],
      ] as const) {
        expect(new Set(values).size, `${what} of four logins on two BFFs: all distinct`).toBe(4);
        for (const value of values)
          expect(value.length, `${what}: at least 128 random bits`).toBeGreaterThanOrEqual(22);
      }
    });

    it('draws every id, state and PKCE verifier from the CSPRNG: a predictable Math.random repeats none', async () => {
      // V8's Math.random (xorshift128+) gives its state away in a few outputs: fixed here, as an attacker who
      // recovered it sees it, values drawn from it repeat; values from crypto.getRandomValues or randomUUID do not.
      evidence({
        clauses: [...STATE_CLAUSES, ...BFF_CLAUSES],
        note: "two logins while the learner's Math.random answers 0.5",
      });
      labRandom().fix(0.5);
      const drawn: Record<string, string[]> = {
        'pre-login cookie values': [],
        states: [],
        'session ids': [],
      };
      for (const user of ['user-alice', 'user-bob']) {
        const browser = newBrowser();
        const callbackPath = await startLogin(browser, user);
        drawn['pre-login cookie values']?.push(...browser.cookies.values());
        drawn['states']?.push(new URL(callbackPath, PORTAL).searchParams.get('state') ?? '');
        drawn['session ids']?.push(await finishLogin(browser, callbackPath));
      }
      drawn['code verifiers'] = tokenRequests.map((request) => request.codeVerifier ?? '');
      for (const [what, values] of Object.entries(drawn))
        expect(new Set(values).size, `${what} of two logins: all distinct`).toBe(values.length);
    });

    it('starts every login afresh, and shares nothing between two BFFs', async () => {
      evidence({
        clauses: STATE_CLAUSES,
        note: 'a second login in the same browser; one BFF’s cookies at another',
      });
      // A browser that starts a second login gets a new pre-login id, not the one it already holds.
      const browser = newBrowser();
      await startLogin(browser);
      const firstIds = [...browser.cookies.values()];
      const secondLogin = await send(browser, '/bff/login', { label: 'a second GET /bff/login' });
      const secondIds = secondLogin.setCookies.map((line) => parseSetCookie(line).value);
      expect(secondIds.length, 'the second login sets its pre-login cookie').toBeGreaterThan(0);
      expect(
        secondIds.filter((value) => firstIds.includes(value)),
        'pre-login ids the second login took over from the first',
      ).toEqual([]);

      // One BFF's session and pending login mean nothing to another BFF.
      const first = bff;
      const signedIn = newBrowser();
      const sessionId = await signIn(signedIn);
      const pending = newBrowser();
      const pendingCallback = await startLogin(pending, 'user-bob');
      bff = createBff(forLearner(bffOptions) as never);
      expect(
        await whoIs(newBrowser(), { cookie: `__Host-session=${sessionId}` }),
        'the first BFF’s session id at the second BFF',
      ).toBe('status 401');
      const exchanges = tokenRequests.length;
      const crossed = await send(pending, pendingCallback, {
        label: 'the first BFF’s login completed at the second',
      });
      expect(crossed.status, 'the first BFF’s login completed at the second: refused').toBeGreaterThanOrEqual(
        400,
      );
      expect(tokenRequests.length, 'the token endpoint is not called for it').toBe(exchanges);
      bff = first;
      expect(await whoIs(signedIn), 'the session at its own BFF').toBe('user-alice');
    });

    it('ends a login without a session when the token endpoint fails, answers nonsense or cannot be reached', async () => {
      evidence({
        clauses: BFF_CLAUSES,
        note: 'the token endpoint answers 503, HTML, JSON without an access token or without expires_in, or nothing',
      });
      for (const mode of ['error', 'malformed', 'incomplete', 'no-expires-in', 'unreachable'] as const) {
        const browser = newBrowser();
        const callbackPath = await startLogin(browser);
        if (mode === 'unreachable') setIssuerOnline(false);
        else tokenMode = mode;
        const label = `the callback while the token endpoint is ${mode === 'error' ? 'failing' : mode}`;
        const seen = await send(browser, callbackPath, { label });
        setIssuerOnline(true);
        tokenMode = 'normal';
        expect(seen.status, `${label}: refused with a status of 400 or more`).toBeGreaterThanOrEqual(400);
        expect(browser.cookies.has('__Host-session'), `${label}: no session cookie`).toBe(false);
        expect(await whoIs(browser), `${label}: no session`).toBe('status 401');
      }
      expect(await signIn(newBrowser()), 'a genuine login once the token endpoint is back').not.toBe('');
    });
  });

  describe('the API proxy', () => {
    it('forwards the portal’s calls with the session’s access token and returns the API’s answer', async () => {
      evidence({ clauses: BFF_CLAUSES, note: 'GET, POST, PUT, PATCH, DELETE and HEAD through the BFF' });
      const browser = newBrowser();
      await signIn(browser);
      const calls: [string, string, string | undefined][] = [
        ['GET', '/appointments?day=2026-03-02', undefined],
        ['POST', '/appointments', '{"slot":"09:30"}'],
        ['PUT', '/appointments/7', '{"slot":"10:00"}'],
        ['PATCH', '/appointments/7/notes', '{"note":"fasting"}'],
        ['DELETE', '/appointments/7', undefined],
        ['HEAD', '/appointments', undefined],
      ];
      for (const [method, path, body] of calls) {
        const label = `${method} /bff/api${path}`;
        const headers: Record<string, string> = { accept: 'application/json' };
        if (body !== undefined) headers['content-type'] = 'application/json';
        const before = apiRequests.length;
        const seen = await callApi(browser, path, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
          label,
        });
        expect(seen.status, `${label}: the API's status`).toBe(200);
        expect(apiRequests.length, `${label}: the API is called once`).toBe(before + 1);
        const upstream = apiRequests[apiRequests.length - 1];
        const accessToken = secretsOf('the access token').at(-1);
        expect(upstream, label).toMatchObject({
          method,
          path,
          authorization: `Bearer ${accessToken ?? ''}`,
          accept: 'application/json',
          body: body ?? '',
          contentType: body === undefined ? null : 'application/json',
        });
        if (method !== 'HEAD') {
          expect(jsonOf(seen.body), `${label}: the API's answer`).toEqual({
            sub: 'user-alice',
            method,
            path,
            body: body ?? '',
          });
          expect(seen.headerLines, `${label}: the API's content-type`).toContain(
            'content-type: application/json',
          );
        }
      }
    });

    it('returns the API’s status, body and content-type, and no header of the API’s that carries the token', async () => {
      evidence({
        clauses: BFF_CLAUSES,
        note: 'a gateway in front of the API adds the access token in two headers of its answers',
      });
      const browser = newBrowser();
      await signIn(browser);
      apiEchoesToken = true;
      const found = await callApi(browser, '/appointments', { label: 'a call the API answers 200' });
      apiAnswer = 'not-found';
      const missing = await callApi(browser, '/appointments/404', { label: 'a call the API answers 404' });
      expect([found.status, missing.status], 'the API’s statuses').toEqual([200, 404]);
      expect(jsonOf(missing.body), 'the API’s body').toEqual({ error: 'no such appointment' });
      expect(found.headerLines, 'the API’s content-type').toContain('content-type: application/json');
    });

    it('refuses calls without the __Host-session cookie, or with a look-alike, with 401 before calling the API', async () => {
      evidence({ clauses: COOKIE_CLAUSES, note: 'the session id under other cookie names, and altered ids' });
      const browser = newBrowser();
      const id = await signIn(browser);
      const lookAlikes: [string, string | null][] = [
        ['no cookie', null],
        ['session=<id>', `session=${id}`],
        ['__Secure-session=<id>', `__Secure-session=${id}`],
        ['__host-session=<id>', `__host-session=${id}`],
        ['__Host-Session=<id>', `__Host-Session=${id}`],
        ['x__Host-session=<id>', `x__Host-session=${id}`],
        ['__Host-session-old=<id>', `__Host-session-old=${id}`],
        ['the id with a character more', `__Host-session=${id}A`],
        ['the id with its last character cut', `__Host-session=${id.slice(0, -1)}`],
        ['an empty id', '__Host-session='],
      ];
      for (const [label, cookie] of lookAlikes) {
        const before = apiRequests.length;
        const seen = await callApi(newBrowser(), '/appointments', { cookie, label });
        expect(seen.status, `${label}: answered 401`).toBe(401);
        expect(apiRequests.length, `${label}: the API is not called`).toBe(before);
      }
      expect(await whoIs(browser), 'the genuine cookie after the look-alikes').toBe('user-alice');
    });

    it('refuses forged requests with 403 before calling the API: no custom header, a look-alike Origin, no Origin on a state-changing method', async () => {
      evidence({ clauses: BFF_CLAUSES, note: 'cross-site requests that carry the victim’s cookie' });
      const browser = newBrowser();
      await signIn(browser);
      const forged: [string, string, Record<string, string>][] = [
        ['POST without x-fernhill-csrf', 'POST', { origin: PORTAL, 'sec-fetch-site': 'same-origin' }],
        ['GET without x-fernhill-csrf', 'GET', {}],
        ['POST with x-fernhill-csrf: 0', 'POST', { ...PORTAL_HEADERS, 'x-fernhill-csrf': '0' }],
        ['POST without Origin', 'POST', { 'x-fernhill-csrf': '1' }],
        ['PUT without Origin', 'PUT', { 'x-fernhill-csrf': '1' }],
        ['PATCH without Origin', 'PATCH', { 'x-fernhill-csrf': '1' }],
        ['DELETE without Origin', 'DELETE', { 'x-fernhill-csrf': '1' }],
        ['OPTIONS without Origin', 'OPTIONS', { 'x-fernhill-csrf': '1' }],
      ];
      const origins: [string, string][] = [
        [`${PORTAL}.evil.example`, 'cross-site'],
        [`${PORTAL}:8443`, 'same-site'],
        [PORTAL.replace('https:', 'http:'), 'same-site'],
        [PORTAL.toUpperCase(), 'cross-site'],
        [`${PORTAL}/`, 'cross-site'],
        [PORTAL.slice(0, -1), 'cross-site'],
        ['https://blog.fernhill.example', 'same-site'],
        ['https://evil.example', 'cross-site'],
        ['null', 'cross-site'],
      ];
      for (const [origin, site] of origins) {
        for (const method of ['POST', 'GET']) {
          forged.push([
            `${method} from Origin ${origin}`,
            method,
            { 'x-fernhill-csrf': '1', origin, 'sec-fetch-site': site },
          ]);
        }
      }
      for (const [label, method, headers] of forged) {
        const before = apiRequests.length;
        const body = method === 'GET' ? {} : { body: '{"slot":"03:00"}' };
        const seen = await send(browser, '/bff/api/appointments', { method, headers, ...body, label });
        expect(seen.status, `${label}: answered 403`).toBe(403);
        expect(apiRequests.length, `${label}: the API is not called`).toBe(before);
      }
      // Before anything else: a forged request neither reveals whether a session exists nor refreshes one.
      const nobody = await send(newBrowser(), '/bff/api/appointments', {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'x-fernhill-csrf': '1', 'sec-fetch-site': 'cross-site' },
        label: 'a forged POST from a browser without a session',
      });
      expect(nobody.status, 'a forged POST from a browser without a session: answered 403').toBe(403);
      await labClock().advance(ACCESS_TOKEN_LIFETIME + 1);
      const refreshesBefore = tokenRequests.length;
      const stale = await send(browser, '/bff/api/appointments', {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'x-fernhill-csrf': '1', 'sec-fetch-site': 'cross-site' },
        label: 'a forged POST once the access token has expired',
      });
      expect(stale.status, 'a forged POST once the access token has expired: answered 403').toBe(403);
      expect(tokenRequests.length, 'a forged POST does not make the BFF refresh').toBe(refreshesBefore);
      const get = await send(browser, '/bff/api/appointments', {
        headers: { 'x-fernhill-csrf': '1', 'sec-fetch-site': 'same-origin' },
        label: 'a GET from the portal without Origin',
      });
      expect(get.status, 'a GET from the portal without Origin is allowed').toBe(200);
      const head = await send(browser, '/bff/api/appointments', {
        method: 'HEAD',
        headers: { 'x-fernhill-csrf': '1', 'sec-fetch-site': 'same-origin' },
        label: 'a HEAD from the portal without Origin',
      });
      expect(head.status, 'a HEAD from the portal without Origin is allowed').toBe(200);
      expect(await whoIs(browser, { method: 'POST', body: '{}' }), 'a POST from the portal').toBe(
        'user-alice',
      );
    });

    it('never forwards the browser’s cookies, and never sends the access token to another origin', async () => {
      evidence({
        clauses: BFF_CLAUSES,
        note: 'paths that resolve to another origin; the browser’s own headers',
      });
      const browser = newBrowser();
      await signIn(browser);
      browser.cookies.set('portal-theme', 'dark');
      expect(
        await whoIs(browser, { headers: { authorization: 'Bearer from-the-browser' } }),
        'a call that carries an Authorization header of the browser’s own',
      ).toBe('user-alice');
      for (const path of [
        '//elsewhere.example/steal',
        '//elsewhere.example:443/steal?x=1',
        '/https://elsewhere.example/steal',
        '/https:elsewhere.example/steal',
        '/%2F%2Felsewhere.example/steal',
        '/%2f%2felsewhere.example/steal',
        '/%5C/elsewhere.example/steal',
        '/%5C%5Celsewhere.example/steal',
        '/%2F%5Celsewhere.example/steal',
        '/%5C%2Felsewhere.example/steal',
        '/@elsewhere.example/steal',
      ]) {
        await callApi(browser, path, { label: `GET /bff/api${path}` });
      }
      expect(elsewhereRequests, 'requests that reached another origin').toEqual([]);
      expect(apiRequests.length).toBeGreaterThanOrEqual(1);
      const allowed = ['accept', 'authorization', 'content-type'];
      for (const upstream of apiRequests) {
        // Headers a browser drops from any Request are left out, so every platform reports the same.
        const extra = upstream.headerNames.filter(
          (name) => !allowed.includes(name) && !forbiddenInBrowsers(name),
        );
        expect(
          extra,
          `${upstream.method} ${upstream.path}: headers of the browser’s request the API received`,
        ).toEqual([]);
        expect(
          upstream.authorization,
          `${upstream.method} ${upstream.path}: the Authorization the API received`,
        ).not.toBe('Bearer from-the-browser');
      }
    });

    it('refreshes an expired access token on the server and keeps the rotated refresh token', async () => {
      evidence({
        clauses: ['RFC 9700 §2.2.2', 'RFC 6749 §6'],
        note: 'API calls after the access token expired, twice',
      });
      const browser = newBrowser();
      await signIn(browser);
      expect(await whoIs(browser)).toBe('user-alice');
      // 61 s before expiry is outside every margin the statement allows: no refresh yet.
      await labClock().advance(ACCESS_TOKEN_LIFETIME - 61);
      expect(await whoIs(browser), 'a call 61 s before the access token expires').toBe('user-alice');
      expect(
        tokenRequests.filter((request) => request.grantType === 'refresh_token').length,
        'refreshes while the access token has more than 60 s to live',
      ).toBe(0);
      await labClock().advance(61);
      for (const round of [1, 2, 3]) {
        await labClock().advance(ACCESS_TOKEN_LIFETIME + 1);
        expect(await whoIs(browser), `a call after the access token expired (${round})`).toBe('user-alice');
      }
      const refreshes = tokenRequests.filter((request) => request.grantType === 'refresh_token');
      expect(refreshes.length, 'refreshes at the token endpoint').toBeGreaterThanOrEqual(3);
      expect(
        new Set(refreshes.map((request) => request.refreshToken)).size,
        'each refresh uses the newest refresh token',
      ).toBe(refreshes.length);
    });

    it('refreshes once for calls that arrive together', async () => {
      evidence({
        clauses: ['RFC 9700 §4.14.2'],
        note: 'three API calls at once after the access token expired',
      });
      const browser = newBrowser();
      await signIn(browser);
      await labClock().advance(ACCESS_TOKEN_LIFETIME + 1);
      holdRefreshes();
      const answers = await Promise.all([whoIs(browser), whoIs(browser), whoIs(browser)]);
      hold = undefined;
      expect(answers, 'three calls at once').toEqual(['user-alice', 'user-alice', 'user-alice']);
      const refreshes = tokenRequests.filter((request) => request.grantType === 'refresh_token');
      expect(refreshes.length, 'refreshes for the three calls').toBe(1);
      expect(await whoIs(browser), 'a call afterwards').toBe('user-alice');
      // Two sessions that refresh at once each get their own tokens.
      const bob = newBrowser();
      await signIn(bob, 'user-bob');
      await labClock().advance(ACCESS_TOKEN_LIFETIME + 1);
      holdRefreshes();
      const pair = await Promise.all([whoIs(browser), whoIs(bob)]);
      hold = undefined;
      expect(pair, 'alice and bob, refreshing at once').toEqual(['user-alice', 'user-bob']);
      await labClock().advance(ACCESS_TOKEN_LIFETIME + 1);
      expect(await whoIs(browser), 'a call after the next expiry').toBe('user-alice');
    });

    it('ends the session when the refresh is refused, answers nonsense or cannot be reached', async () => {
      evidence({
        clauses: ['RFC 9700 §2.2.2'],
        note: 'the grant revoked, the token endpoint unreachable, an HTML answer',
      });
      for (const failure of ['revoked', 'unreachable', 'malformed'] as const) {
        const browser = newBrowser();
        const id = await signIn(browser);
        expect(await whoIs(browser)).toBe('user-alice');
        if (failure === 'revoked') {
          const grantId = server.refreshTokens.find(latestRefreshToken())?.grantId ?? '';
          server.grants.revoke(grantId, 'revoked');
        }
        if (failure === 'unreachable') setIssuerOnline(false);
        if (failure === 'malformed') tokenMode = 'malformed';
        await labClock().advance(ACCESS_TOKEN_LIFETIME + 1);
        const label = `a call whose refresh is ${failure === 'revoked' ? 'refused' : failure}`;
        const seen = await callApi(browser, '/appointments', { label });
        setIssuerOnline(true);
        tokenMode = 'normal';
        expect(seen.status, `${label}: answered 401`).toBe(401);
        const cleared = seen.setCookies
          .map(parseSetCookie)
          .find((cookie) => cookie.name === '__Host-session');
        expect(
          cleared !== undefined && removesCookie(cleared),
          `${label}: the cookie is cleared (Max-Age=0)`,
        ).toBe(true);
        expect(
          await whoIs(newBrowser(), { cookie: `__Host-session=${id}` }),
          `${label}: the old session id once the authorization server answers again`,
        ).toBe('status 401');
      }
    });

    it('answers 404 or 405 to every other path and method, without calling the API', async () => {
      evidence({ clauses: BFF_CLAUSES, note: 'paths next to /bff/api/ and the routes with other methods' });
      const browser = newBrowser();
      await signIn(browser);
      const others: [string, string][] = [
        ['GET', '/bff/api'],
        ['GET', '/bff/apix/appointments'],
        ['GET', '/bff/appointments'],
        ['GET', '/api/appointments'],
        ['GET', '/bff/logout'],
        ['GET', '/bff/user'],
        ['GET', '/bff/session'],
        ['GET', '/bff/token'],
        ['POST', '/bff/token'],
        ['GET', '/bff/userinfo'],
        ['POST', '/bff/login'],
        ['POST', '/bff/callback'],
      ];
      for (const [method, path] of others) {
        const label = `${method} ${path}`;
        const seen = await send(browser, path, { method, headers: PORTAL_HEADERS, label });
        expect([404, 405].includes(seen.status), `${label}: answered 404 or 405, not ${seen.status}`).toBe(
          true,
        );
      }
      expect(apiRequests, 'requests that reached the API').toEqual([]);
      expect(await whoIs(browser), 'the session after them').toBe('user-alice');
    });

    it('answers 502 when the API cannot be reached, and passes the API’s refusals through', async () => {
      evidence({ clauses: BFF_CLAUSES, note: 'the API offline; the API answering 404' });
      const browser = newBrowser();
      await signIn(browser);
      apiAnswer = 'not-found';
      const missing = await callApi(browser, '/appointments/404', { label: 'a call the API answers 404' });
      expect(missing.status, 'the API’s 404').toBe(404);
      expect(jsonOf(missing.body), 'the API’s body').toEqual({ error: 'no such appointment' });
      apiAnswer = 'appointments';
      setApiOnline(false);
      const offline = await callApi(browser, '/appointments', { label: 'a call while the API is offline' });
      expect(offline.status, 'a call while the API is offline').toBe(502);
      setApiOnline(true);
      expect(await whoIs(browser), 'the session survives the outage').toBe('user-alice');
    });
  });

  describe('logout', () => {
    it('ends the server-side session, so the old cookie value no longer works', async () => {
      evidence({ clauses: BFF_CLAUSES, note: 'the session id replayed after logout' });
      const browser = newBrowser();
      const id = await signIn(browser);
      const seen = await send(browser, '/bff/logout', { method: 'POST', headers: PORTAL_HEADERS });
      expect(seen.status, 'POST /bff/logout').toBe(204);
      expect(await whoIs(newBrowser(), { cookie: `__Host-session=${id}` }), 'the old session id').toBe(
        'status 401',
      );
    });

    it('revokes the refresh token, ending the grant at the authorization server', async () => {
      evidence({ clauses: ['RFC 7009 §2'], note: 'the grant after logout' });
      const browser = newBrowser();
      await signIn(browser);
      await labClock().advance(ACCESS_TOKEN_LIFETIME + 1);
      expect(await whoIs(browser)).toBe('user-alice');
      const refreshToken = latestRefreshToken();
      await send(browser, '/bff/logout', { method: 'POST', headers: PORTAL_HEADERS });
      expect(server.refreshTokens.find(refreshToken)?.status, 'the newest refresh token after logout').toBe(
        'revoked',
      );
    });

    it('clears the cookie with an empty value, Max-Age=0 and the attributes it was set with', async () => {
      evidence({ clauses: COOKIE_CLAUSES, note: 'the Set-Cookie of the logout' });
      const browser = newBrowser();
      await signIn(browser);
      const seen = await send(browser, '/bff/logout', { method: 'POST', headers: PORTAL_HEADERS });
      const cleared = seen.setCookies.map(parseSetCookie).find((cookie) => cookie.name === '__Host-session');
      expect(cleared, 'a Set-Cookie for __Host-session').toBeDefined();
      expect(cleared?.value, 'its value').toBe('');
      expect(cleared?.attributes.get('max-age'), 'its Max-Age').toBe('0');
      expect(cleared?.attributes.get('path'), 'its Path').toBe('/');
      expect(cleared?.attributes.has('secure'), 'Secure').toBe(true);
      expect(cleared?.attributes.has('httponly'), 'HttpOnly').toBe(true);
      expect(cleared?.attributes.has('domain'), 'no Domain').toBe(false);
      expect(browser.cookies.has('__Host-session'), 'the browser no longer holds it').toBe(false);
    });

    it('refuses a forged logout with 403 and keeps the session and its grant', async () => {
      evidence({ clauses: BFF_CLAUSES, note: 'cross-site logouts carrying the victim’s cookie' });
      const browser = newBrowser();
      await signIn(browser);
      const forged: [string, Record<string, string>][] = [
        ['without x-fernhill-csrf', { origin: PORTAL }],
        ['without Origin', { 'x-fernhill-csrf': '1' }],
        ['from a look-alike Origin', { 'x-fernhill-csrf': '1', origin: `${PORTAL}.evil.example` }],
        ['from Origin null', { 'x-fernhill-csrf': '1', origin: 'null' }],
      ];
      for (const [what, headers] of forged) {
        const label = `a logout ${what}`;
        const seen = await send(browser, '/bff/logout', { method: 'POST', headers, label });
        expect(seen.status, `${label}: answered 403`).toBe(403);
        expect(await whoIs(browser), `${label}: the session lives on`).toBe('user-alice');
      }
      expect(server.refreshTokens.find(latestRefreshToken())?.status, 'the refresh token').toBe('active');
    });

    it('ends the session even when the revocation endpoint cannot be reached', async () => {
      evidence({ clauses: ['RFC 7009 §2'], note: 'logout while the authorization server is offline' });
      const browser = newBrowser();
      const id = await signIn(browser);
      setIssuerOnline(false);
      const seen = await send(browser, '/bff/logout', {
        method: 'POST',
        headers: PORTAL_HEADERS,
        label: 'logout while offline',
      });
      setIssuerOnline(true);
      expect(seen.status, 'logout while the authorization server is offline').toBe(204);
      expect(await whoIs(newBrowser(), { cookie: `__Host-session=${id}` }), 'the old session id').toBe(
        'status 401',
      );
    });

    it('ends the session when the logout arrives, before the revocation endpoint has answered', async () => {
      evidence({
        clauses: ['RFC 7009 §2', 'RFC 9700 §2.2.2'],
        note: 'calls with the old cookie while the revocation endpoint holds its answer, one of them refreshing',
      });
      const browser = newBrowser();
      const id = await signIn(browser);
      const grantId = server.refreshTokens.find(latestRefreshToken())?.grantId ?? '';
      const [reached, markReached] = deferred();
      const [released, release] = deferred();
      revocationGate = { reached: markReached, released };
      const logout = send(browser, '/bff/logout', {
        method: 'POST',
        headers: PORTAL_HEADERS,
        label: 'the logout whose revocation has not answered',
      });
      await Promise.race([reached, untilIdle()]);
      const during = await whoIs(newBrowser(), { cookie: `__Host-session=${id}` });
      await labClock().advance(ACCESS_TOKEN_LIFETIME + 1);
      const refreshing = await whoIs(newBrowser(), { cookie: `__Host-session=${id}` });
      revocationGate = undefined;
      release();
      const seen = await logout;
      expect(during, 'the old session id while the revocation is under way').toBe('status 401');
      expect(
        refreshing,
        'the old session id, its access token expired, while the revocation is under way',
      ).toBe('status 401');
      expect(seen.status, 'the logout, once the revocation endpoint answers').toBe(204);
      const grant = server.grants.get(grantId);
      expect(grant !== undefined && server.grants.isActive(grant), 'the grant is still active').toBe(false);
    });

    it('keeps the session ended, and its grant, when a logout overtakes a refresh', async () => {
      evidence({
        clauses: ['RFC 7009 §2', 'RFC 9700 §2.2.2'],
        note: 'an API call that refreshes and a logout, at once',
      });
      const browser = newBrowser();
      const id = await signIn(browser);
      await labClock().advance(ACCESS_TOKEN_LIFETIME + 1);
      const grantId = server.refreshTokens.find(latestRefreshToken())?.grantId ?? '';
      holdRefreshes();
      let answeredLogout = -1;
      await Promise.all([
        callApi(browser, '/appointments', { label: 'the call that refreshes' }),
        send(browser, '/bff/logout', { method: 'POST', headers: PORTAL_HEADERS, label: 'the logout' }).then(
          (seen) => {
            answeredLogout = apiRequests.length;
            return seen;
          },
        ),
      ]);
      expect(apiRequests.length, 'calls forwarded to the API after the logout answered').toBe(answeredLogout);
      expect(await whoIs(newBrowser(), { cookie: `__Host-session=${id}` }), 'the old session id').toBe(
        'status 401',
      );
      const grant = server.grants.get(grantId);
      expect(grant !== undefined && server.grants.isActive(grant), 'the grant is still active').toBe(false);

      // The same race when the refresh fails: the call still gets an answer, and the session stays ended.
      const second = newBrowser();
      const secondId = await signIn(second);
      await labClock().advance(ACCESS_TOKEN_LIFETIME + 1);
      tokenMode = 'malformed';
      holdRefreshes();
      const [call, logout] = await Promise.all([
        callApi(second, '/appointments', { label: 'the call whose refresh fails' }),
        send(second, '/bff/logout', {
          method: 'POST',
          headers: PORTAL_HEADERS,
          label: 'the logout during it',
        }),
      ]);
      tokenMode = 'normal';
      expect([call.status, logout.status], 'the call whose refresh fails, and the logout').toEqual([
        401, 204,
      ]);
      expect(await whoIs(newBrowser(), { cookie: `__Host-session=${secondId}` }), 'that old session id').toBe(
        'status 401',
      );
    });
  });

  describe('tokens stay on the server', () => {
    it('keeps every token out of every response of a whole session, error paths included', async () => {
      evidence({
        clauses: BFF_CLAUSES,
        note: 'a session with refreshes, API errors, failed logins and a logout',
      });
      const browser = newBrowser();
      await signIn(browser);
      await callApi(browser, '/appointments');
      await labClock().advance(ACCESS_TOKEN_LIFETIME + 1);
      await callApi(browser, '/appointments', { method: 'POST', body: '{}' });
      apiAnswer = 'not-found';
      await callApi(browser, '/appointments/9');
      apiAnswer = 'appointments';
      await send(browser, '/bff/api/appointments', {
        method: 'POST',
        headers: { origin: 'https://evil.example' },
      });
      const failing = newBrowser();
      const failingCallback = await startLogin(failing);
      tokenMode = 'error';
      await send(failing, failingCallback, { label: 'a callback while the token endpoint fails' });
      tokenMode = 'normal';
      await send(browser, '/bff/logout', { method: 'POST', headers: PORTAL_HEADERS });
      await callApi(browser, '/appointments');
      expect(tokenRequests.length).toBeGreaterThanOrEqual(3);
      expect(responses.length).toBeGreaterThanOrEqual(9);
      scanForLeaks();
    });

    it('keeps two browsers’ sessions apart, answering genuine and forged calls in shuffled order', async () => {
      evidence({
        clauses: BFF_CLAUSES,
        note: 'alice and bob, genuine calls among forged ones, seed 0x5eed0bff',
      });
      const alice = newBrowser();
      const bob = newBrowser();
      await signIn(alice, 'user-alice');
      await signIn(bob, 'user-bob');
      const cases: [string, () => Promise<string>, string][] = [
        ['alice', () => whoIs(alice), 'user-alice'],
        ['bob', () => whoIs(bob), 'user-bob'],
        [
          'alice forged',
          () => whoIs(alice, { method: 'POST', headers: { origin: `${PORTAL}.evil.example` } }),
          'status 403',
        ],
        ['a browser without cookie', () => whoIs(newBrowser()), 'status 401'],
        ['alice again', () => whoIs(alice), 'user-alice'],
        ['bob posting', () => whoIs(bob, { method: 'POST', body: '{}' }), 'user-bob'],
        [
          'alice’s id as session=',
          () => whoIs(newBrowser(), { cookie: `session=${alice.cookies.get('__Host-session') ?? ''}` }),
          'status 401',
        ],
      ];
      for (const [label, run, expected] of shuffle(cases, 0x5eed0bff)) {
        expect(await run(), `${label} (shuffled with seed 0x5eed0bff)`).toBe(expected);
      }
    });
  });
});

/** A seeded Fisher–Yates shuffle (mulberry32), so a failing order can be replayed from its seed. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
