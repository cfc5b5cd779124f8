/**
 * The microservices simulation as lab checks use it (`@lab/server`): an API gateway and resource
 * services as simulated origins on the run's network, each verifying for itself, with one hop log.
 *
 * @example
 * const server = await createTokenServer();
 * const mesh = await labMicroservices(server);
 * mesh.services.get('orders')!.setPolicy((token, hop) => learner.verifyInternalToken(token, hop.audience));
 * const { token } = await server.issueAccessToken({ scope: ['orders:read'] });
 * const response = await fetch(mesh.url('/orders'), { headers: { authorization: `Bearer ${token}` } });
 * expect(mesh.hops.of('orders')[0]?.decision).toBe('allowed');
 */
import type { TokenServer } from '../token-server';
import {
  createMicroservices,
  type Microservices,
  type MicroservicesOptions,
} from '../token-server/microservices/microservices';
import { labClock, labNetwork } from './run-context';

export type LabMicroservicesOptions = Partial<
  Pick<MicroservicesOptions, 'forward' | 'services' | 'gatewayVerify' | 'apiAudience'>
>;

/**
 * Stands up the gateway (`https://gateway.example.test`) and the services (default: orders and
 * billing) for access tokens from `server`, on the run's network and clock. External tokens need
 * `aud` = the server's audience at the gateway; by default the gateway forwards a 60 s internal token.
 */
export function labMicroservices(
  server: TokenServer,
  options: LabMicroservicesOptions = {},
): Promise<Microservices> {
  const clock = labClock();
  const { apiAudience, ...rest } = options;
  return createMicroservices({
    network: labNetwork(),
    authorizationServer: {
      issuer: server.issuer,
      jwksUri: server.endpoints.jwks,
      algorithms: [server.keys.alg],
      maxTokenAge: server.config.lifetimes.accessToken,
    },
    apiAudience: apiAudience ?? server.audience,
    now: () => clock.now(),
    ...rest,
  });
}

export {
  DEFAULT_SERVICES,
  GATEWAY_ORIGIN,
  createMicroservices,
  type Microservices,
  type MicroservicesOptions,
  type ServiceSpec,
} from '../token-server/microservices/microservices';
export {
  createGateway,
  type ForwardMode,
  type Gateway,
  type GatewayOptions,
  type GatewayRoute,
} from '../token-server/microservices/gateway';
export {
  createResourceService,
  type ResourceService,
  type ResourceServiceOptions,
  type RouteContext,
  type ServiceRoute,
} from '../token-server/microservices/resource-service';
export {
  HopDecisionSchema,
  HopEntrySchema,
  createHopLog,
  type HopDecision,
  type HopEntry,
  type HopLog,
} from '../token-server/microservices/hop-log';
export {
  INTERNAL_TOKEN_TYPE,
  createInternalTokenIssuer,
  type InternalTokenIssuer,
} from '../token-server/microservices/internal-token';
export {
  joseVerificationPolicy,
  type HopContext,
  type JoseVerificationOptions,
  type VerificationPolicy,
} from '../token-server/microservices/verification-policy';
export { grantedScopes, missingScopes } from '../token-server/microservices/scopes';
export {
  IntrospectionError,
  introspectionPolicy,
  type IntrospectionErrorCode,
  type IntrospectionPolicyOptions,
} from '../token-server/microservices/introspection-policy';
export { IDENTITY_HEADERS, trustedHeaderPolicy } from '../token-server/microservices/trusted-header-policy';
