import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { BoundCounter, BoundHistogram } from './bound-metrics.ts';
import type { ServedPrediction } from '../app/serving/serving-types.ts';

/**
 * The deployment label of errors for a name the server does not serve: the name comes from the
 * URL, so labelling by it let any caller add a series per request (20,000 random names made 3.4 MB
 * of /metrics).
 */
export const UNKNOWN_DEPLOYMENT = '(unknown)';

/** Prometheus metrics for one server; each server owns its registry so tests do not share counters. */
export class ServerMetrics {
  readonly registry = new Registry();
  // The four metrics every prediction request updates are bound ones (bound-metrics.ts): same output, a fraction of the cost.
  readonly httpRequests = new BoundCounter({
    name: 'ballast_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly httpDuration = new BoundHistogram({
    name: 'ballast_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route'],
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly predictions = new BoundCounter({
    name: 'ballast_predictions_total',
    help: 'Predictions answered, by deployment, the model version that answered and its role (stable, canary, green, variant)',
    labelNames: ['deployment', 'model', 'version', 'role'],
    registers: [this.registry],
  });
  readonly predictionsNotLogged = new BoundCounter({
    name: 'ballast_predictions_not_logged_total',
    help: "Predictions answered but left out of the prediction log by the deployment's log sample rate (still profiled in monitoring windows)",
    labelNames: ['deployment', 'model', 'version'],
    registers: [this.registry],
  });
  readonly stickyKeyMissing = new Counter({
    name: 'ballast_sticky_key_missing_total',
    help: "Routing decisions a rollout's sticky key could not make, routed at random instead: rows without the key field, or requests without the key header",
    labelNames: ['deployment'],
    registers: [this.registry],
  });
  readonly predictionErrors = new Counter({
    name: 'ballast_prediction_errors_total',
    help: `Prediction requests that failed, by deployment (${UNKNOWN_DEPLOYMENT} for a name this server does not serve) and error code`,
    labelNames: ['deployment', 'code'],
    registers: [this.registry],
  });
  readonly predictionLatency = new BoundHistogram({
    name: 'ballast_prediction_latency_seconds',
    help: 'Time from request to prediction ready (before the log commit), by deployment and version',
    labelNames: ['deployment', 'model', 'version'],
    buckets: [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers: [this.registry],
  });
  readonly batchRows = new Histogram({
    name: 'ballast_batch_rows',
    help: 'Rows per model call after dynamic batching',
    labelNames: ['deployment', 'model', 'version'],
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 1024],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'ballast_batch_queue_depth',
    help: 'Requests waiting for a model slot',
    labelNames: ['deployment', 'model', 'version'],
    registers: [this.registry],
  });
  readonly contractViolations = new Counter({
    name: 'ballast_contract_violations_total',
    help: 'Contract violations in predict requests, by deployment, column, code and policy (reject or flag)',
    labelNames: ['deployment', 'column', 'code', 'policy'],
    registers: [this.registry],
  });
  readonly shadowRequests = new Counter({
    name: 'ballast_shadow_requests_total',
    help: "Predictions mirrored to a deployment's shadow, by outcome: scored, dropped (queue full), failed, timed_out",
    labelNames: ['deployment', 'outcome'],
    registers: [this.registry],
  });
  readonly shadowBusySeconds = new Counter({
    name: 'ballast_shadow_busy_seconds_total',
    help: "Time a deployment's shadow model spent in its calls (its own worker's CPU, roughly)",
    labelNames: ['deployment'],
    registers: [this.registry],
  });
  readonly logCommitRecords = new Histogram({
    name: 'ballast_log_commit_records',
    help: 'Prediction records per group commit',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 512, 2048],
    registers: [this.registry],
  });
  readonly logCommitSeconds = new Histogram({
    name: 'ballast_log_commit_seconds',
    help: 'Time to commit a group of prediction records',
    buckets: [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.1],
    registers: [this.registry],
  });
  // The latest closed monitoring window per deployment (window-gauges.ts sets them when a window closes).
  readonly driftShare = new Gauge({
    name: 'ballast_drift_share',
    help: "Latest closed monitoring window: the share of compared columns that drifted from the version's reference",
    labelNames: ['deployment', 'model', 'version'],
    registers: [this.registry],
  });
  readonly driftDetected = new Gauge({
    name: 'ballast_drift_detected',
    help: 'Latest closed monitoring window: 1 when it drifted (the drifted share reached its threshold, or the multivariate check fired), else 0',
    labelNames: ['deployment', 'model', 'version'],
    registers: [this.registry],
  });
  readonly driftEffect = new Gauge({
    name: 'ballast_drift_effect',
    help: 'Latest closed monitoring window: per column of the reference schema, the drift effect size (wasserstein_norm for numeric columns, tvd for categorical ones)',
    labelNames: ['deployment', 'model', 'version', 'column', 'statistic'],
    registers: [this.registry],
  });
  readonly windowRows = new Gauge({
    name: 'ballast_window_rows',
    help: 'Latest closed monitoring window: predictions this server profiled in it',
    labelNames: ['deployment', 'model', 'version'],
    registers: [this.registry],
  });
  readonly windowEnd = new Gauge({
    name: 'ballast_window_end_timestamp_seconds',
    help: 'Latest closed monitoring window: its end, in Unix seconds (to alert on stale windows)',
    labelNames: ['deployment', 'model', 'version'],
    registers: [this.registry],
  });
  readonly missingShare = new Gauge({
    name: 'ballast_missing_share',
    help: 'Latest closed monitoring window: per profiled column, the share of its rows with a missing value',
    labelNames: ['deployment', 'model', 'version', 'column'],
    registers: [this.registry],
  });
  readonly labelledRows = new Gauge({
    name: 'ballast_window_labelled_rows',
    help: 'Latest closed monitoring window: its logged predictions that had a label when it closed (labels that come later show on the performance route)',
    labelNames: ['deployment', 'model', 'version'],
    registers: [this.registry],
  });
  readonly performanceEstimated = new Gauge({
    name: 'ballast_performance_estimated',
    help: "Latest closed monitoring window: a metric estimated before labels (CBPE fitted on the version's labelled reference)",
    labelNames: ['deployment', 'model', 'version', 'metric'],
    registers: [this.registry],
  });
  readonly performanceAlert = new Gauge({
    name: 'ballast_performance_alert',
    help: "Latest closed monitoring window: 1 when a metric's estimate is outside the band its reference chunks set, else 0",
    labelNames: ['deployment', 'model', 'version', 'metric'],
    registers: [this.registry],
  });
  readonly performanceRealized = new Gauge({
    name: 'ballast_performance_realized',
    help: 'Latest closed monitoring window: a metric computed from the labels it had when it closed',
    labelNames: ['deployment', 'model', 'version', 'metric'],
    registers: [this.registry],
  });
  readonly kpiValue = new Gauge({
    name: 'ballast_kpi_value',
    help: "Latest closed monitoring window: each business KPI of the deployment's config (rate, sum or mean of an outcome event) from the events it had when it closed",
    labelNames: ['deployment', 'model', 'version', 'kpi'],
    registers: [this.registry],
  });
  readonly alertState = new Gauge({
    name: 'ballast_alert_state',
    help: "Each alert rule's state as last evaluated: 0 inactive, 1 pending, 2 firing",
    labelNames: ['rule', 'deployment', 'severity'],
    registers: [this.registry],
  });
  readonly reviewDecisionSeconds = new Histogram({
    name: 'ballast_review_decision_seconds',
    help: 'Time from a prediction being held for review to its decision, by deployment (decisions taken through this server)',
    labelNames: ['deployment'],
    buckets: [60, 300, 900, 3600, 4 * 3600, 12 * 3600, 86_400, 3 * 86_400, 7 * 86_400],
    registers: [this.registry],
  });
  private reviewQueueSource: () => Promise<ReadonlyMap<string, number>> = async () => new Map();
  /** Read from the store at each scrape: the queue is shared by every server and decided from anywhere. */
  readonly reviewQueueSize: Gauge = new Gauge({
    name: 'ballast_review_queue_size',
    help: 'Predictions held for human review and not yet decided, by deployment',
    labelNames: ['deployment'],
    registers: [this.registry],
    collect: async () => {
      const counts = await this.reviewQueueSource();
      this.reviewQueueSize.reset();
      for (const [deployment, size] of counts) this.reviewQueueSize.set({ deployment }, size);
    },
  });
  private logQueuedSource: () => number = () => 0;
  /** Read at each scrape: on SQLite, the journal's backlog that the log thread has yet to move into the table. */
  readonly logQueued: Gauge = new Gauge({
    name: 'ballast_log_queued_records',
    help: "Prediction records appended to the log and not yet in the store's table (on SQLite: acknowledged from the journal, or waiting for room)",
    registers: [this.registry],
    collect: () => this.logQueued.set(this.logQueuedSource()),
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ballast_' });
  }

  /** Where ballast_log_queued_records reads its value at each scrape. */
  watchLogQueue(source: () => number): void {
    this.logQueuedSource = source;
  }

  /** Where ballast_review_queue_size reads the pending items per deployment at each scrape. */
  watchReviewQueue(source: () => Promise<ReadonlyMap<string, number>>): void {
    this.reviewQueueSource = source;
  }

  /** A review decided through this server: how long it waited. */
  recordReviewDecision(deployment: string, createdAt: string, decidedAt: string): void {
    this.reviewDecisionSeconds.observe({ deployment }, Math.max(0, Date.parse(decidedAt) - Date.parse(createdAt)) / 1000);
  }

  /** An answered HTTP request. */
  recordHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.bind(method, route, String(status)).inc();
    this.httpDuration.bind(method, route).observe(seconds);
  }

  /** A prediction request that failed; `served` says whether `deployment` is one this server serves. */
  recordPredictionError(deployment: string, served: boolean, code: string): void {
    this.predictionErrors.inc({ deployment: served ? deployment : UNKNOWN_DEPLOYMENT, code });
  }

  /**
   * A prediction request's predictions, counted by the version and role that answered each row (the
   * ones its deployment's sample rate left out of the log counted apart, under the first row's
   * version), and its latency (one observation per request, under the first row's version).
   */
  recordPredictions(
    served: Pick<ServedPrediction, 'deployment' | 'model' | 'ids' | 'logged'> & Partial<Pick<ServedPrediction, 'answeredBy'>>,
    seconds: number,
  ): void {
    const version = String(served.model.version);
    const answeredBy = served.answeredBy;
    if (answeredBy === undefined || answeredBy.length === 0)
      this.predictions.bind(served.deployment, served.model.name, version, 'stable').inc(served.ids.length);
    else {
      // Rows answered by one version share one Answerer object: count runs of it, not rows.
      let run = answeredBy[0]!;
      let count = 0;
      for (const who of answeredBy) {
        if (who !== run) {
          this.predictions.bind(served.deployment, run.model.name, String(run.model.version), run.role).inc(count);
          run = who;
          count = 0;
        }
        count++;
      }
      this.predictions.bind(served.deployment, run.model.name, String(run.model.version), run.role).inc(count);
    }
    if (served.logged < served.ids.length)
      this.predictionsNotLogged.bind(served.deployment, served.model.name, version).inc(served.ids.length - served.logged);
    this.predictionLatency.bind(served.deployment, served.model.name, version).observe(seconds);
  }
}
