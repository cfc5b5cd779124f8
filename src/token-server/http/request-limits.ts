import { oauthError } from '../errors';
import type { TokenServerConfig } from '../options';

/**
 * Rejects oversized requests before any parsing: a URL beyond the limit gets 414 (RFC 9110 §15.5.15), header
 * fields beyond it 431 (RFC 6585 §5). Bodies are limited while reading (413, see read-form.ts).
 */
export function checkRequestSize(request: Request, limits: TokenServerConfig['limits']): void {
  if (request.url.length > limits.maxUrlLength) {
    throw oauthError('invalid_request', `request URL longer than ${limits.maxUrlLength} characters`, {
      status: 414,
    });
  }
  let headerBytes = 0;
  for (const [name, value] of request.headers) headerBytes += name.length + value.length + 4;
  if (headerBytes > limits.maxHeaderBytes) {
    throw oauthError('invalid_request', `request header fields larger than ${limits.maxHeaderBytes} bytes`, {
      status: 431,
    });
  }
}
