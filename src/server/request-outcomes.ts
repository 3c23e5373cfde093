import type { ServerMetrics } from './metrics.ts';

export interface RequestOutcomes {
  readonly answered: number;
  readonly failed: number;
}

/**
 * Prediction requests this server answered and failed per deployment since it started, read from
 * the counters /metrics exports (a request answered is one latency observation; a failed one is
 * counted by error code). Another server behind the same store counts its own.
 */
export async function requestOutcomes(metrics: ServerMetrics): Promise<(deployment: string) => RequestOutcomes> {
  const answered = new Map<string, number>();
  const failed = new Map<string, number>();
  const add = (into: Map<string, number>, deployment: unknown, value: number) => {
    if (typeof deployment === 'string') into.set(deployment, (into.get(deployment) ?? 0) + value);
  };
  for (const sample of (await metrics.predictionLatency.get()).values) {
    if (sample.metricName?.endsWith('_count')) add(answered, sample.labels.deployment, sample.value);
  }
  for (const sample of (await metrics.predictionErrors.get()).values) add(failed, sample.labels.deployment, sample.value);
  return (deployment) => ({ answered: answered.get(deployment) ?? 0, failed: failed.get(deployment) ?? 0 });
}
