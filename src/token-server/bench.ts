import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import { createVirtualClock } from './clock';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from './keys/algorithms';
import { loadSimulationKey } from './keys/signing-key';
import { createTokenServer } from './token-server';

interface CreationFigure {
  alg: SigningAlgorithm;
  /** The first server of the process for this algorithm (includes generating the key on first use). */
  coldMs: number;
  /** Median of the following creations (what each check pays). */
  medianMs: number;
}

interface ThroughputFigure {
  alg: SigningAlgorithm;
  /** Issue through the server (sign + record) and verify with jose against its JWKS. */
  serverOpsPerSecond: number;
  /** The same sign + verify with bare jose and the same key. */
  bareJoseOpsPerSecond: number;
  /** bare / server: how many times slower the server path is (1 = no overhead). */
  overheadRatio: number;
}

export interface TokenServerBench {
  creation: CreationFigure[];
  throughput: ThroughputFigure[];
}

export interface TokenServerBenchOptions {
  /** Server creations per algorithm after the cold one; default 20. */
  creations?: number;
  /** Issue + verify rounds per algorithm and path; default 200. */
  rounds?: number;
  algorithms?: readonly SigningAlgorithm[];
  /** Monotonic milliseconds; default `performance.now` (pass the real one when timers are faked). */
  now?: () => number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Interleaves the two paths in blocks so CPU contention and JIT warm-up hit both alike. */
async function compare(
  rounds: number,
  now: () => number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<[number, number]> {
  await a();
  await b();
  const blocks = 10;
  const perBlock = Math.max(1, Math.round(rounds / blocks));
  let timeA = 0;
  let timeB = 0;
  for (let block = 0; block < blocks; block++) {
    let started = now();
    for (let i = 0; i < perBlock; i++) await a();
    timeA += now() - started;
    started = now();
    for (let i = 0; i < perBlock; i++) await b();
    timeB += now() - started;
  }
  const total = perBlock * blocks * 1000;
  return [total / timeA, total / timeB];
}

/** Figures for `npm run bench`: server creation per algorithm, and issue + verify throughput against bare jose. */
export async function runTokenServerBench(options: TokenServerBenchOptions = {}): Promise<TokenServerBench> {
  const now = options.now ?? (() => performance.now());
  const creations = options.creations ?? 20;
  const rounds = options.rounds ?? 200;
  const creation: CreationFigure[] = [];
  const throughput: ThroughputFigure[] = [];
  for (const alg of options.algorithms ?? SIGNING_ALGORITHMS) {
    let started = now();
    const server = await createTokenServer({ algorithm: alg, clock: createVirtualClock() });
    const coldMs = now() - started;
    const warm: number[] = [];
    for (let i = 0; i < creations; i++) {
      started = now();
      await createTokenServer({ algorithm: alg, clock: createVirtualClock() });
      warm.push(now() - started);
    }
    creation.push({ alg, coldMs, medianMs: median(warm) });

    const key = await loadSimulationKey(alg);
    const verifyKey = key.publicJwk ? createLocalJWKSet(server.keys.jwks()) : key.publicKey;
    const currentDate = server.clock.now();
    const verifyOptions = { issuer: server.issuer, audience: server.audience, typ: 'at+jwt', currentDate };
    const iat = server.clock.nowSeconds();
    const viaServer = async () => {
      const issued = await server.issueAccessToken({ scope: ['read'] });
      await jwtVerify(issued.token, verifyKey as Parameters<typeof jwtVerify>[1], verifyOptions);
    };
    const bareJose = async () => {
      const token = await new SignJWT({ client_id: 'lab-client', scope: 'read' })
        .setProtectedHeader({ alg, kid: key.kid, typ: 'at+jwt' })
        .setIssuer(server.issuer)
        .setSubject('user-alice')
        .setAudience(server.audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + 900)
        .setJti(crypto.randomUUID())
        .sign(key.privateKey);
      await jwtVerify(token, verifyKey as Parameters<typeof jwtVerify>[1], verifyOptions);
    };
    const [serverOps, bareOps] = await compare(rounds, now, viaServer, bareJose);
    throughput.push({
      alg,
      serverOpsPerSecond: serverOps,
      bareJoseOpsPerSecond: bareOps,
      overheadRatio: bareOps / serverOps,
    });
  }
  return { creation, throughput };
}
