import { jsonResponse } from '../http/json-response';
import type { ServerState } from '../server-state';

/** RFC 8414 §2 authorization server metadata. */
export function authorizationServerMetadata(state: ServerState): Record<string, unknown> {
  const scopes = new Set<string>();
  for (const client of state.clients.values()) for (const scope of client.scopes) scopes.add(scope);
  return {
    issuer: state.issuer,
    authorization_endpoint: state.endpoints.authorize,
    token_endpoint: state.endpoints.token,
    jwks_uri: state.endpoints.jwks,
    revocation_endpoint: state.endpoints.revoke,
    introspection_endpoint: state.endpoints.introspect,
    scopes_supported: [...scopes],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: Object.keys(state.handlers),
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    // RFC 9207: the authorization response carries `iss`, against mix-up attacks.
    authorization_response_iss_parameter_supported: true,
  };
}

export function metadataEndpoint(_request: Request, state: ServerState): Response {
  return jsonResponse(authorizationServerMetadata(state));
}
