import type { DeploymentOverview } from '../../app/deployment-overview.ts';
import { bool, int, list, modelVersionRef, num, obj, str } from './wire-schema.ts';

/** The dashboard's home page: every deployment's health, latency and drift, each saying where it comes from. */
export function deploymentOverviewView(d: DeploymentOverview) {
  return {
    name: d.name,
    model: d.model,
    revision: d.revision,
    updated_at: d.updatedAt,
    serving: d.serving,
    requests: d.requests && { answered: d.requests.answered, failed: d.requests.failed, error_rate: d.requests.errorRate },
    latency: d.latency && {
      since: d.latency.since,
      predictions: d.latency.count,
      p50_ms: d.latency.p50Ms,
      p99_ms: d.latency.p99Ms,
      mean_ms: d.latency.meanMs,
    },
    drift: d.drift && {
      window_start: d.drift.windowStart,
      window_end: d.drift.windowEnd,
      rows: d.drift.rows,
      drifted: d.drift.drifted,
      drifted_share: d.drift.driftedShare,
      drifted_columns: d.drift.driftedColumns,
      columns: d.drift.columns,
    },
  };
}

const nullableNum = { type: ['number', 'null'] } as const;
export const overviewSchema = obj({
  deployments: list(
    obj({
      name: str,
      model: modelVersionRef,
      revision: int,
      updated_at: str,
      serving: { ...bool, description: 'whether this server has the deployment loaded and answers for it' },
      requests: obj(
        { answered: int, failed: int, error_rate: nullableNum },
        { nullable: true, description: 'prediction requests this server answered and failed since it started' },
      ),
      latency: obj(
        { since: str, predictions: int, p50_ms: num, p99_ms: num, mean_ms: num },
        {
          nullable: true,
          description: 'latency_ms of the newest logged predictions (at most 1,000) since `since` (an hour ago); null without any',
        },
      ),
      drift: obj(
        { window_start: str, window_end: str, rows: int, drifted: bool, drifted_share: num, drifted_columns: int, columns: int },
        {
          nullable: true,
          description: 'the newest window of the last hour compared with its reference, as the monitoring route answers it',
        },
      ),
    }),
  ),
});
