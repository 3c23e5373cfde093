import { KllSketch } from '../../../core/sketches/kll.ts';
import type { WindowProfileRecord } from '../../../store/monitoring-repository.ts';

/**
 * A stored window part of `deployment` with these request latencies (ms) and server-side failures,
 * for SLO tests: the profile is left empty, as SLOs read only the part's requests.
 */
export function requestPart(
  deployment: string,
  startMs: number,
  windowMs: number,
  latencies: readonly number[],
  errors: number | null,
  extra: { source?: string; updatedAt?: string } = {},
): WindowProfileRecord {
  const sketch = new KllSketch(400, 5);
  for (const ms of latencies) sketch.add(ms);
  return {
    deployment,
    versionId: 'v1',
    windowStart: new Date(startMs).toISOString(),
    windowMs,
    source: extra.source ?? 'server-a',
    rows: latencies.length,
    profile: {} as WindowProfileRecord['profile'],
    reconstruction: null,
    status: 'complete',
    // Written when its window closed, as a server's flush writes it, unless a test says otherwise.
    updatedAt: extra.updatedAt ?? new Date(startMs + windowMs).toISOString(),
    latency: sketch.toJSON(),
    errors,
  };
}

/** `count` latencies of `ms` each. */
export function repeat(count: number, ms: number): number[] {
  return Array<number>(count).fill(ms);
}
