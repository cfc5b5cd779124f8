import { jsonResponse } from '../http/json-response';
import type { ServerState } from '../server-state';

/** RFC 7517 §5 JWK Set at the advertised `jwks_uri`: public keys only, each with `kid`, `alg`, `use`. */
export function jwksEndpoint(_request: Request, state: ServerState): Response {
  return jsonResponse(state.keys.jwks(), { headers: { 'content-type': 'application/jwk-set+json' } });
}
