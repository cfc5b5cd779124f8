/**
 * OAuth 2.0 error codes the server answers with: RFC 6749 §5.2 (token endpoint) and §4.1.2.1 (authorization
 * endpoint), RFC 7009 §2.2.1 (`unsupported_token_type`), RFC 8707 §2 (`invalid_target`).
 */
export type OAuthErrorCode =
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

const DEFAULT_STATUS: Record<OAuthErrorCode, number> = {
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

/** An OAuth error response waiting to be sent: thrown by endpoints and grant handlers, turned into JSON once. */
export class OAuthError extends Error {
  readonly code: OAuthErrorCode;
  readonly status: number;
  readonly description: string;
  readonly headers: Record<string, string>;

  constructor(code: OAuthErrorCode, description: string, options: OAuthErrorOptions = {}) {
    const clean = safeDescription(description);
    super(`${code}: ${clean}`);
    this.name = 'OAuthError';
    this.code = code;
    this.description = clean;
    this.status = options.status ?? DEFAULT_STATUS[code];
    this.headers = options.headers ?? {};
  }
}

/** Shorthand for handlers: `throw oauthError('invalid_grant', 'refresh token already used')`. */
export function oauthError(
  code: OAuthErrorCode,
  description: string,
  options?: OAuthErrorOptions,
): OAuthError {
  return new OAuthError(code, description, options);
}

/** The RFC 6749 §5.2 JSON error body, never cached (§5.1 applies `no-store` to every token response). */
export function oauthErrorResponse(error: OAuthError): Response {
  const body = { error: error.code, error_description: error.description };
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
