import { CodedError } from '../errors/coded-error';

/**
 * The registered values of the `error` parameter the server answers with, sent on the wire as they are:
 * RFC 6749 §5.2 (token endpoint) and §4.1.2.1 (authorization endpoint), RFC 7009 §2.2.1
 * (`unsupported_token_type`), RFC 8707 §2 (`invalid_target`).
 */
export type OAuthErrorValue =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'unsupported_token_type'
  | 'access_denied'
  | 'server_error'
  | 'temporarily_unavailable';

const DEFAULT_STATUS: Record<OAuthErrorValue, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  unsupported_response_type: 400,
  invalid_scope: 400,
  invalid_target: 400,
  unsupported_token_type: 400,
  access_denied: 400,
  server_error: 500,
  temporarily_unavailable: 503,
};

export interface OAuthErrorOptions {
  /** HTTP status when not the code's usual one (405 wrong method, 413 body too large). */
  status?: number;
  /** Extra response headers, e.g. `WWW-Authenticate` (RFC 6749 §5.2) or `Allow` (RFC 9110 §15.5.6). */
  headers?: Record<string, string>;
}

/** RFC 6749 §5.2: `error_description` is limited to %x20-21 / %x23-5B / %x5D-7E (no quote, no backslash). */
function safeDescription(text: string): string {
  return text.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '?');
}

/** The internal code of each wire value: `invalid_grant` is `ERR_OAUTH_INVALID_GRANT`. */
export type OAuthErrorCode = `ERR_OAUTH_${Uppercase<OAuthErrorValue>}`;

function codeOf(error: OAuthErrorValue): OAuthErrorCode {
  return `ERR_OAUTH_${error.toUpperCase() as Uppercase<OAuthErrorValue>}`;
}

/**
 * An OAuth error response waiting to be sent: thrown by endpoints and grant handlers, turned into JSON once.
 * `error` is the registered value that goes on the wire; `code` is the project's own, like every other error.
 */
export class OAuthError extends CodedError<OAuthErrorCode> {
  static readonly codes = (Object.keys(DEFAULT_STATUS) as OAuthErrorValue[]).map(codeOf);
  override readonly name = 'OAuthError';
  readonly error: OAuthErrorValue;
  readonly status: number;
  readonly description: string;
  readonly headers: Record<string, string>;

  constructor(error: OAuthErrorValue, description: string, options: OAuthErrorOptions = {}) {
    const clean = safeDescription(description);
    super(codeOf(error), `${error}: ${clean}`);
    this.error = error;
    this.description = clean;
    this.status = options.status ?? DEFAULT_STATUS[error];
    this.headers = options.headers ?? {};
  }
}

/** Shorthand for handlers: `throw oauthError('invalid_grant', 'refresh token already used')`. */
export function oauthError(
  error: OAuthErrorValue,
  description: string,
  options?: OAuthErrorOptions,
): OAuthError {
  return new OAuthError(error, description, options);
}

/** The RFC 6749 §5.2 JSON error body, never cached (§5.1 applies `no-store` to every token response). */
export function oauthErrorResponse(error: OAuthError): Response {
  const body = { error: error.error, error_description: error.description };
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      pragma: 'no-cache',
      ...error.headers,
    },
  });
}
