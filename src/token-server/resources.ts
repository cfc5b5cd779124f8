import { oauthError } from './errors';

/**
 * RFC 8707 resource indicators: each `resource` must be an absolute URI without a fragment (§2) and one the
 * client (or the grant, on refresh) may use; otherwise `invalid_target`. None requested: all of `allowed`.
 */
export function resolveResources(requested: readonly string[], allowed: readonly string[]): string[] {
  if (requested.length === 0) return [...allowed];
  for (const resource of requested) {
    let url: URL;
    try {
      url = new URL(resource);
    } catch {
      throw oauthError('invalid_target', 'resource must be an absolute URI (RFC 8707 section 2)');
    }
    if (url.hash !== '' || resource.includes('#')) {
      throw oauthError('invalid_target', 'resource must not contain a fragment (RFC 8707 section 2)');
    }
    if (!allowed.includes(resource)) throw oauthError('invalid_target', `resource not allowed: ${resource}`);
  }
  return [...new Set(requested)];
}
