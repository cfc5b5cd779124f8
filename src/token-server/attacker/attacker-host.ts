import { z } from 'astro/zod';
import type { Attacker } from './attacker';
import { selfSignedCertificate } from './self-signed-certificate';

/** One request that reached the attacker host: the SSRF detector of checklist #6. */
export const AttackerHitSchema = z.strictObject({
  method: z.string(),
  url: z.string(),
  /** What the host answered with. */
  served: z.enum(['jwks', 'certificate', 'not-found']),
  /** Virtual time of the request, ISO 8601. */
  time: z.string(),
});
export type AttackerHit = z.infer<typeof AttackerHitSchema>;

/** The part of the simulated network the host needs (`labNetwork()` satisfies it). */
interface OriginRegistry {
  register(origin: string, handler: (request: Request) => Response | Promise<Response>): () => void;
}

/**
 * The attacker's web server as a simulated origin. It really serves the attacker's JWKS (the `jku`
 * target) and a certificate per published key (the `x5u` target), so a verifier that follows those
 * headers WOULD accept the attacker's tokens; every request is counted, so a check can prove that the
 * learner's verifier never fetched anything from it.
 */
export interface AttackerHost {
  readonly origin: string;
  readonly attacker: Attacker;
  fetch(request: Request): Promise<Response>;
  /** How many requests reached the host (any path, any method). */
  hits(): number;
  requests(): readonly AttackerHit[];
  /** Registers the host's origin on a network; returns the unregister function. */
  register(network: OriginRegistry): () => void;
}

const CERT_PATH = /^\/certs\/([^/]+)\.pem$/;

export function createAttackerHost(options: { attacker: Attacker; now?: () => Date }): AttackerHost {
  const { attacker } = options;
  const now = options.now ?? (() => new Date());
  const log: AttackerHit[] = [];
  const certificates = new Map<string, Promise<string>>();
  const jwksPath = new URL(attacker.jwksUrl).pathname;

  function certificate(kid: string): Promise<string> | undefined {
    const key = attacker.published().get(kid);
    if (!key) return undefined;
    let pem = certificates.get(kid);
    if (!pem) {
      pem = selfSignedCertificate(key, new URL(attacker.origin).hostname, now());
      certificates.set(kid, pem);
    }
    return pem;
  }

  async function answer(request: Request): Promise<[AttackerHit['served'], Response]> {
    const { pathname } = new URL(request.url);
    if (request.method === 'GET' && pathname === jwksPath) {
      const keys = [...attacker.published().values()].map((k) => k.publicJwk);
      return ['jwks', Response.json({ keys }, { headers: { 'content-type': 'application/jwk-set+json' } })];
    }
    const kid = CERT_PATH.exec(pathname)?.[1];
    const pem = request.method === 'GET' && kid ? certificate(decodeURIComponent(kid)) : undefined;
    if (pem) {
      return [
        'certificate',
        new Response(await pem, { headers: { 'content-type': 'application/pem-certificate-chain' } }),
      ];
    }
    return ['not-found', new Response('not found', { status: 404 })];
  }

  const host: AttackerHost = {
    origin: attacker.origin,
    attacker,
    async fetch(request) {
      const time = now().toISOString();
      const [served, response] = await answer(request);
      log.push({ method: request.method, url: request.url, served, time });
      return response;
    },
    hits: () => log.length,
    requests: () => [...log],
    register: (network) => network.register(attacker.origin, (request) => host.fetch(request)),
  };
  return host;
}
