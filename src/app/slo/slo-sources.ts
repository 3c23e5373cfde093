import type { Store } from '../../store/store.ts';
import { deploymentPerformance, type EstimatorSource } from '../performance/deployment-performance.ts';
import { behaviourWindowReader } from './behaviour-windows.ts';
import { RequestPartCache } from './request-windows.ts';
import type { SloEvaluation, SloSources } from './slo-evaluation.ts';

/**
 * The sources SLOs are read from: window parts for availability and latency, the performance reader
 * for behaviour objectives. A server makes one and keeps it (`keep: true`), so the parts and closed
 * behaviour windows it has counted are not read again, and the SLO rules of one alert evaluation
 * share one read; a command reading once makes its own without the caches.
 */
export function sloSources(
  store: Store,
  options: { readonly clock: () => Date; readonly baseWindowMs: number; readonly estimate?: EstimatorSource; readonly keep: boolean },
): SloSources & { readonly store: Store } {
  const read = behaviourWindowReader((deployment, range) =>
    deploymentPerformance(
      { store, clock: options.clock, baseWindowMs: options.baseWindowMs, estimate: options.estimate },
      deployment,
      range,
    ),
  );
  return {
    store,
    behaviourWindows: read,
    ...(options.keep
      ? { partCache: new RequestPartCache(), evaluationCache: new Map<string, { nowMs: number; result: Promise<SloEvaluation[]> }>() }
      : {}),
  };
}
