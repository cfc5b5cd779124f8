import { authorizeEndpoint } from './endpoints/authorize';
import { introspectEndpoint } from './endpoints/introspect';
import { jwksEndpoint } from './endpoints/jwks';
import { metadataEndpoint } from './endpoints/metadata';
import { revokeEndpoint } from './endpoints/revoke';
import { tokenEndpoint } from './endpoints/token';
import { OAuthError, oauthError, oauthErrorResponse } from './errors';
import { checkRequestSize } from './http/request-limits';
import { jsonResponse } from './http/json-response';
import type { ServerState } from './server-state';

type Endpoint = (request: Request, state: ServerState) => Response | Promise<Response>;

interface Route {
  methods: readonly string[];
  handle: Endpoint;
}

function routes(state: ServerState): Map<string, Route> {
  const path = (url: string) => new URL(url).pathname;
  const read = ['GET', 'HEAD'];
  return new Map<string, Route>([
    [path(state.endpoints.metadata), { methods: read, handle: metadataEndpoint }],
    [path(state.endpoints.jwks), { methods: read, handle: jwksEndpoint }],
    [path(state.endpoints.authorize), { methods: ['GET'], handle: authorizeEndpoint }],
    [path(state.endpoints.token), { methods: ['POST'], handle: tokenEndpoint }],
    [path(state.endpoints.revoke), { methods: ['POST'], handle: revokeEndpoint }],
    [path(state.endpoints.introspect), { methods: ['POST'], handle: introspectEndpoint }],
  ]);
}

/**
 * The server's one request handler. Every failure becomes an HTTP answer: OAuth errors as RFC 6749 §5.2 JSON,
 * unknown paths 404, wrong methods 405 with `Allow` (RFC 9110 §15.5.6). Anything else is a bug and answers
 * 500 `server_error` (the property tests fail on it).
 */
export function createRouter(state: ServerState): (request: Request) => Promise<Response> {
  const table = routes(state);
  return async (request) => {
    try {
      checkRequestSize(request, state.config.limits);
      const route = table.get(new URL(request.url).pathname);
      if (!route)
        return jsonResponse(
          { error: 'not_found', error_description: 'no endpoint at this path' },
          { status: 404 },
        );
      if (!route.methods.includes(request.method)) {
        throw oauthError('invalid_request', `${request.method} is not allowed here`, {
          status: 405,
          headers: { allow: route.methods.join(', ') },
        });
      }
      const response = await route.handle(request, state);
      return request.method === 'HEAD'
        ? new Response(null, { status: response.status, headers: response.headers })
        : response;
    } catch (error) {
      if (error instanceof OAuthError) return oauthErrorResponse(error);
      return oauthErrorResponse(
        oauthError('server_error', error instanceof Error ? error.message : String(error)),
      );
    }
  };
}
