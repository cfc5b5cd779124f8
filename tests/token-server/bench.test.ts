import { describe, expect, it } from 'vitest';
import { runTokenServerBench } from '../../src/token-server/bench';

describe('runTokenServerBench', () => {
  it('reports creation time and throughput for each requested algorithm', async () => {
    const figures = await runTokenServerBench({ creations: 2, rounds: 10, algorithms: ['ES256', 'HS256'] });
    expect(figures.creation.map((c) => c.alg)).toEqual(['ES256', 'HS256']);
    for (const figure of figures.creation) {
      expect(figure.medianMs).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(figure.coldMs)).toBe(true);
    }
    for (const figure of figures.throughput) {
      expect(figure.serverOpsPerSecond).toBeGreaterThan(0);
      expect(figure.overheadRatio).toBeCloseTo(figure.bareJoseOpsPerSecond / figure.serverOpsPerSecond);
    }
  });
});
