import { summarizeLatencies, type LatencySummary } from '../core/latency-summary.ts';
import type { Store } from '../store/store.ts';
import { deploymentMonitoring, type MonitoringSources, type MonitoringWindow } from './monitoring/deployment-monitoring.ts';

/** How far back the overview looks, as the monitoring page does by default. */
const OVERVIEW_RANGE_MS = 3_600_000;
/** The most logged predictions the latency is taken over: the newest ones within the range. */
const OVERVIEW_LATENCY_SAMPLE = 1000;

export interface OverviewSources {
  readonly store: Pick<Store, 'deployments' | 'predictions'>;
  readonly clock: () => Date;
  readonly monitoring: MonitoringSources;
  /** Whether this server has the deployment loaded and answers predictions for it. */
  readonly isServing: (name: string) => boolean;
  /** Prediction requests this server answered and failed for the deployment since it started, when it counts them. */
  readonly requestOutcomes?: (name: string) => { readonly answered: number; readonly failed: number };
}

export interface DriftAtAGlance {
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly rows: number;
  readonly drifted: boolean;
  readonly driftedShare: number;
  readonly driftedColumns: number;
  readonly columns: number;
}

export interface DeploymentOverview {
  readonly name: string;
  readonly model: { readonly name: string; readonly version: number };
  readonly revision: number;
  readonly updatedAt: string;
  readonly serving: boolean;
  readonly requests: { readonly answered: number; readonly failed: number; readonly errorRate: number | null } | null;
  /** From the prediction log's latency_ms of the newest predictions (at most OVERVIEW_LATENCY_SAMPLE) since `since`. */
  readonly latency: (LatencySummary & { readonly since: string }) | null;
  /** The newest window of the range that could be compared with its reference; null when none could. */
  readonly drift: DriftAtAGlance | null;
}

/**
 * Every deployment at a glance, for the dashboard's home page: whether it is served, how its requests
 * fare, how fast it answers and whether its latest window drifted. Each figure says where it comes
 * from: requests from this server's counters, latency from the prediction log, drift from the same
 * windows as the monitoring route's default range.
 */
export async function deploymentsOverview(sources: OverviewSources): Promise<DeploymentOverview[]> {
  const now = sources.clock().getTime();
  const since = new Date(now - OVERVIEW_RANGE_MS).toISOString();
  const deployments = await sources.store.deployments.list();
  return Promise.all(
    deployments.map(async (d): Promise<DeploymentOverview> => {
      const [logged, monitoring] = await Promise.all([
        sources.store.predictions.list({ deployment: d.name, limit: OVERVIEW_LATENCY_SAMPLE }),
        deploymentMonitoring(sources.monitoring, d.name, { from: since, to: new Date(now).toISOString() }),
      ]);
      const latency = summarizeLatencies(logged.filter((p) => p.at >= since).map((p) => p.latencyMs));
      const outcomes = sources.requestOutcomes?.(d.name);
      return {
        name: d.name,
        model: { name: d.modelName, version: d.modelVersion },
        revision: d.revision,
        updatedAt: d.updatedAt,
        serving: sources.isServing(d.name),
        requests: outcomes
          ? {
              ...outcomes,
              errorRate: outcomes.answered + outcomes.failed > 0 ? outcomes.failed / (outcomes.answered + outcomes.failed) : null,
            }
          : null,
        latency: latency && { ...latency, since },
        drift: latestDrift(monitoring.windows),
      };
    }),
  );
}

/** The newest compared window; of two versions in one window, the one that served more rows (as the monitoring chart plots it). */
export function latestDrift(windows: readonly MonitoringWindow[]): DriftAtAGlance | null {
  let latest: MonitoringWindow | undefined;
  for (const w of windows) {
    if (w.drift === null) continue;
    if (latest === undefined || w.start > latest.start || (w.start === latest.start && w.rows > latest.rows)) latest = w;
  }
  if (latest === undefined || latest.drift === null) return null;
  const { dataset } = latest.drift;
  return {
    windowStart: latest.start,
    windowEnd: latest.end,
    rows: latest.rows,
    drifted: dataset.drifted,
    driftedShare: dataset.drifted_share,
    driftedColumns: dataset.drifted_columns,
    columns: dataset.columns,
  };
}
