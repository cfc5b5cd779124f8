/** A JSON response; `noStore` adds the RFC 6749 §5.1 cache headers that token and introspection answers carry. */
export function jsonResponse(
  body: unknown,
  options: { status?: number; noStore?: boolean; headers?: Record<string, string> } = {},
): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.noStore) {
    headers['cache-control'] = 'no-store';
    headers['pragma'] = 'no-cache';
  }
  return new Response(JSON.stringify(body), { status: options.status ?? 200, headers });
}
