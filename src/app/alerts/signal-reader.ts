/**
 * Every signal of the alert catalogue read from what Ballast stores, for one deployment, window length
 * and moment: the newest CLOSED window of that length ending at or before `now` (windows are aligned to
 * their length from the epoch, as on the monitoring route), for the version the deployment serves now.
 * The window's stored parts and the serving process's live ones (not yet flushed) both count, so a
 * window is readable the moment it closes.
 *
 * A signal that rests on too few rows is no_data, never a number that looks like a verdict. The
 * minimum per family (MIN_ROWS below; a value needs at least this many in the window):
 * - drift.share, drift.column.<col>, drift.multivariate: 30 profiled rows of the version, a reference
 *   profile, and a statistic the drift check could compute;
 * - drift.important.share, drift.important.max: the same, and the version's global importance (computed
 *   at registration) naming at least one of the window's compared columns among its five first;
 * - quality.missing.<col>: 10 profiled rows;
 * - contract.violation_rate: 10 rows seen (served + rejected);
 * - performance.realized.<metric>, calibration.ece: 30 labelled rows;
 * - performance.estimated.<metric>: 30 logged rows and an estimator (a labelled reference);
 * - kpi.<name>: 30 counted (predictions for a rate, events for a mean or sum);
 * - latency.p50|p95|p99: 20 requests with a latency;
 * - errors.rate: 20 requests (answered + failed), and every part knowing its failures;
 * - predictions.rate: none — a closed window without traffic is 0 predictions/s, a value (that is
 *   what a `below` rule on traffic is for);
 * - log.backlog, reviews.pending and slo.*: whatever the injected sources say;
 * - governance.review_overdue: none (read at `now`); no_data when the version read has no approved
 *   production approval, or no source was given.
 * - features.skew.<feature>: 30 logged predictions of the version with an entity key (feature-skew-signal.ts);
 *   read from the log and the feature sources, so any window length will do.
 *
 * With several servers on one store, parts of other servers arrive when they flush (their grace and
 * flush interval after the window's end, 5–10 s by default); the evaluating server sees its own at
 * once. The log-based families (performance, calibration, kpi) read the prediction log of the window,
 * which every server commits before answering.
 */
import type { SignalReading, ModelVersionName } from '../../core/alerts/alert-rule.ts';
import { KllSketch } from '../../core/sketches/kll.ts';
import type { WindowProfileRecord } from '../../store/monitoring-repository.ts';
import { deploymentMonitoring, type MonitoringSources, type MonitoringWindow } from '../monitoring/deployment-monitoring.ts';
import { windowLatency } from '../monitoring/window-latency.ts';
import { spanMonitoringWindow, spanPerformanceWindows } from '../rollouts/gate-window.ts';
import { importantColumnsDrift } from './important-columns-drift.ts';
import { featureSkewReadings } from './feature-skew-signal.ts';
import type { SkewStore } from '../features/skew.ts';
import { BallastError } from '../../core/errors.ts';

export const MIN_ROWS = {
  drift: 30,
  quality: 10,
  contract: 10,
  realized: 30,
  estimated: 30,
  kpi: 30,
  latency: 20,
  errors: 20,
} as const;

export interface SignalSources extends MonitoringSources {
  /** The feature skew signals read the prediction log, the feature definitions and their sources too. */
  readonly store: MonitoringSources['store'] & SkewStore;
  /** Predictions acknowledged and not yet in the log's table, for `log.backlog` (absent: no_data). */
  readonly logBacklog?: (deployment: string) => Promise<number>;
  /** Pending review items of a deployment, for `reviews.pending` (absent: no_data). */
  readonly reviewQueueSize?: (deployment: string) => Promise<number>;
  /**
   * Days a version's periodic review is overdue at `now` (0 when not), undefined when it has no approved
   * production approval: `governance.review_overdue` (absent: no_data).
   */
  readonly reviewOverdueDays?: (versionId: string, now: Date) => Promise<number | undefined>;
  /** The SLO signals (`slo.*`), computed elsewhere (absent: no_data). */
  readonly sloSignal?: (deployment: string, signal: string, now: Date) => Promise<SignalReading>;
}

export interface SignalQuery {
  readonly deployment: string;
  readonly windowMs: number;
  readonly now: Date;
  /** Read this version's rows instead of those of the version the deployment serves (a rollout's candidate). */
  readonly versionId?: string;
  /**
   * Read [start, end) instead of the newest closed window at `now` (`windowMs` is then end − start):
   * both ends on the base window, as a rollout step's gate window is. A span that is not one window of
   * its own length aligned to the epoch is merged from its base-window parts (gate-window.ts); its
   * performance, calibration and KPI signals are then the row-weighted mean of the aligned windows that
   * tile it — exact for per-row means (accuracy, MAE, a rate), close for AUC or F1.
   */
  readonly window?: { readonly start: string; readonly end: string };
}

type Family =
  | { kind: 'drift.share' }
  | { kind: 'drift.column'; column: string }
  | { kind: 'drift.multivariate' }
  | { kind: 'drift.important.share' }
  | { kind: 'drift.important.max' }
  | { kind: 'quality.missing'; column: string }
  | { kind: 'contract.violation_rate' }
  | { kind: 'performance.realized'; metric: string }
  | { kind: 'performance.estimated'; metric: string }
  | { kind: 'calibration.ece' }
  | { kind: 'kpi'; name: string }
  | { kind: 'latency'; quantile: 'p50_ms' | 'p95_ms' | 'p99_ms' }
  | { kind: 'errors.rate' }
  | { kind: 'predictions.rate' }
  | { kind: 'log.backlog' }
  | { kind: 'reviews.pending' }
  | { kind: 'governance.review_overdue' }
  | { kind: 'slo' }
  | { kind: 'features.skew'; feature: string };

/** A signal name to what is read for it; undefined for a name outside the catalogue. */
function familyOf(signal: string): Family | undefined {
  const rest = (prefix: string) => (signal.startsWith(prefix) && signal.length > prefix.length ? signal.slice(prefix.length) : undefined);
  let part: string | undefined;
  switch (signal) {
    case 'drift.share':
    case 'drift.multivariate':
    case 'drift.important.share':
    case 'drift.important.max':
    case 'contract.violation_rate':
    case 'calibration.ece':
    case 'errors.rate':
    case 'predictions.rate':
    case 'log.backlog':
    case 'reviews.pending':
    case 'governance.review_overdue':
      return { kind: signal };
    case 'latency.p50':
    case 'latency.p95':
    case 'latency.p99':
      return { kind: 'latency', quantile: `${signal.slice('latency.'.length) as 'p50' | 'p95' | 'p99'}_ms` };
  }
  if ((part = rest('drift.column.')) !== undefined) return { kind: 'drift.column', column: part };
  if ((part = rest('quality.missing.')) !== undefined) return { kind: 'quality.missing', column: part };
  if ((part = rest('performance.realized.')) !== undefined) return { kind: 'performance.realized', metric: part };
  if ((part = rest('performance.estimated.')) !== undefined) return { kind: 'performance.estimated', metric: part };
  if ((part = rest('kpi.')) !== undefined) return { kind: 'kpi', name: part };
  if (rest('slo.') !== undefined) return { kind: 'slo' };
  if ((part = rest('features.skew.')) !== undefined) return { kind: 'features.skew', feature: part };
  return undefined;
}

const NEEDS_PERFORMANCE = new Set<Family['kind']>(['performance.realized', 'performance.estimated', 'calibration.ece', 'kpi']);
const NEEDS_MONITORING = new Set<Family['kind']>([
  ...NEEDS_PERFORMANCE,
  'drift.share',
  'drift.column',
  'drift.multivariate',
  'drift.important.share',
  'drift.important.max',
  'quality.missing',
  'contract.violation_rate',
]);
const NEEDS_PARTS = new Set<Family['kind']>(['latency', 'errors.rate', 'predictions.rate']);

/** One signal; readSignals reads many of one deployment and window at the cost of one. */
export async function readSignal(sources: SignalSources, query: SignalQuery & { readonly signal: string }): Promise<SignalReading> {
  return (await readSignals(sources, query, [query.signal])).get(query.signal)!;
}

/**
 * The signals of one deployment and window length at `now`, each read once: the window's monitoring
 * answer (drift, quality, violations; performance and KPIs only when a signal needs them, as they read
 * the log) and its parts (latency, failures, traffic) are fetched at most once for all of them.
 */
export async function readSignals(
  sources: SignalSources,
  query: SignalQuery,
  signals: readonly string[],
): Promise<Map<string, SignalReading>> {
  const { deployment, now } = query;
  const readings = new Map<string, SignalReading>();
  const families = new Map(signals.map((s) => [s, familyOf(s)]));
  const record = await sources.store.deployments.findByName(deployment);
  if (record === undefined) {
    for (const s of signals) readings.set(s, noData(`no deployment named "${deployment}"`, null));
    return readings;
  }
  const versionId = query.versionId ?? record.versionId;
  const version = await sources.store.versions.findById(versionId);
  const model: ModelVersionName | null = version ? { name: version.modelName, version: version.version } : null;
  const { windowMs, start, end } = query.window
    ? {
        windowMs: Date.parse(query.window.end) - Date.parse(query.window.start),
        start: Date.parse(query.window.start),
        end: Date.parse(query.window.end),
      }
    : query.windowMs > 0
      ? windowAt(now, query.windowMs)
      : // A rule on an unwindowed signal is stored with window 0: read at the instant `now`.
        { windowMs: 0, start: now.getTime(), end: now.getTime() };
  const window = { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
  const kinds = new Set([...families.values()].flatMap((f) => (f ? [f.kind] : [])));
  const aligned = windowMs >= sources.baseWindowMs && windowMs % sources.baseWindowMs === 0 && start % sources.baseWindowMs === 0;
  // An explicit window that is not one epoch-aligned window of its own length is read from its parts.
  const span = aligned && start % windowMs !== 0 && model !== null;

  let monitored: MonitoringWindow | null | undefined;
  let spanPerformance: MonitoringWindow[] | string | undefined;
  if (span && [...kinds].some((k) => NEEDS_MONITORING.has(k))) {
    monitored = await spanMonitoringWindow(sources, deployment, versionId, model, window);
    if ([...kinds].some((k) => NEEDS_PERFORMANCE.has(k)))
      spanPerformance = await spanPerformanceWindows(sources, deployment, model, window).catch((error: unknown) =>
        error instanceof BallastError ? error.message : Promise.reject(error),
      );
  } else if (aligned && [...kinds].some((k) => NEEDS_MONITORING.has(k))) {
    const answer = await deploymentMonitoring(sources, deployment, {
      from: window.start,
      to: window.end,
      window: `${windowMs}ms`,
      performance: [...kinds].some((k) => NEEDS_PERFORMANCE.has(k)),
    });
    monitored = answer.windows.find((w) => w.start === window.start && model !== null && sameModel(w.model, model)) ?? null;
  }
  const parts = aligned && [...kinds].some((k) => NEEDS_PARTS.has(k)) ? await windowParts(sources, deployment, window) : [];
  const skewed = [...families.values()].flatMap((f) => (f?.kind === 'features.skew' ? [f.feature] : []));
  const skew = skewed.length > 0 ? await featureSkewReadings(sources.store, record, versionId, window, skewed) : undefined;

  for (const signal of signals) {
    const family = families.get(signal);
    if (family === undefined) readings.set(signal, noData(`"${signal}" is not a signal Ballast knows`, model));
    else if (family.kind === 'slo')
      readings.set(
        signal,
        sources.sloSignal ? await sources.sloSignal(deployment, signal, now) : noData('SLO signals are not available here', null),
      );
    else if (family.kind === 'governance.review_overdue') readings.set(signal, await reviewOverdue(sources, versionId, now, model));
    else if (family.kind === 'features.skew') {
      const skewed = skew!.get(family.feature)!;
      readings.set(signal, 'noData' in skewed ? noData(skewed.noData, model) : { kind: 'value', ...skewed, ...window, model });
    } else if (family.kind === 'log.backlog' || family.kind === 'reviews.pending') {
      const source = family.kind === 'log.backlog' ? sources.logBacklog : sources.reviewQueueSize;
      if (source === undefined) readings.set(signal, noData(`${signal} is not known here`, null));
      else {
        const backlog = await source(deployment);
        readings.set(signal, {
          kind: 'value',
          value: backlog,
          rows: backlog,
          start: now.toISOString(),
          end: now.toISOString(),
          model: null,
        });
      }
    } else if (!aligned)
      readings.set(
        signal,
        noData(`a window of ${windowMs} ms is not a multiple of the ${sources.baseWindowMs} ms base monitoring window`, model),
      );
    else if (NEEDS_PARTS.has(family.kind)) readings.set(signal, fromParts(family, parts, versionId, windowMs, window, model));
    else if (span && NEEDS_PERFORMANCE.has(family.kind))
      readings.set(signal, fromSpanPerformance(family, spanPerformance ?? [], window, model));
    else readings.set(signal, fromMonitoring(family, monitored ?? null, window, model));
  }
  return readings;
}

/** The version's periodic review lateness at `now`: an instant, like the backlog, so start = end = now. */
async function reviewOverdue(sources: SignalSources, versionId: string, now: Date, model: ModelVersionName | null): Promise<SignalReading> {
  if (sources.reviewOverdueDays === undefined) return noData('governance.review_overdue is not known here', model);
  const days = await sources.reviewOverdueDays(versionId, now);
  if (days === undefined) return noData('the version has no approved production approval, so no periodic review is scheduled', model);
  return { kind: 'value', value: days, rows: 1, start: now.toISOString(), end: now.toISOString(), model };
}

/** The newest closed window of `windowMs` at `now`, aligned to its length from the epoch. */
function windowAt(now: Date, windowMs: number): { windowMs: number; start: number; end: number } {
  const end = Math.floor(now.getTime() / windowMs) * windowMs;
  return { windowMs, start: end - windowMs, end };
}

/**
 * A performance-family signal over a span: each tiling window's value weighted by the rows it rests on
 * (labelled rows for realised metrics and calibration, logged rows for estimates, counted for KPIs),
 * with the family's minimum applied to the span's total.
 */
function fromSpanPerformance(
  family: Family,
  windows: readonly MonitoringWindow[] | string,
  window: { start: string; end: string },
  model: ModelVersionName | null,
): SignalReading {
  if (typeof windows === 'string') return noData(windows, model);
  const parts = windows.flatMap((w): { value: number | null | undefined; rows: number }[] => {
    const p = w.performance;
    if (p == null) return [];
    switch (family.kind) {
      case 'performance.realized':
        return [{ value: p.metrics[family.metric]?.realized, rows: p.labelled_rows }];
      case 'performance.estimated':
        return [{ value: p.metrics[family.metric]?.estimated, rows: p.rows }];
      case 'calibration.ece':
        return [{ value: p.calibration?.expected_calibration_error, rows: p.labelled_rows }];
      case 'kpi': {
        const kpi = p.kpis.find((k) => k.name === family.name);
        return kpi ? [{ value: kpi.value, rows: kpi.count }] : [];
      }
      default:
        return [];
    }
  });
  if (parts.length === 0) return noData('the prediction log holds no prediction of the version in the window', model);
  const minimum = family.kind === 'performance.estimated' ? MIN_ROWS.estimated : family.kind === 'kpi' ? MIN_ROWS.kpi : MIN_ROWS.realized;
  const rows = parts.reduce((n, p) => n + p.rows, 0);
  if (rows < minimum) return tooFew(rows, minimum, family.kind === 'performance.estimated' ? 'logged rows' : 'labelled rows', model);
  const valued = parts.filter((p): p is { value: number; rows: number } => typeof p.value === 'number' && Number.isFinite(p.value));
  const weight = valued.reduce((n, p) => n + p.rows, 0);
  if (weight === 0) return noData(`no value of ${family.kind} for this version in the window`, model);
  return { kind: 'value', value: valued.reduce((s, p) => s + p.value * p.rows, 0) / weight, rows, ...window, model };
}

const sameModel = (a: ModelVersionName, b: ModelVersionName) => a.name === b.name && a.version === b.version;

const noData = (reason: string, model: ModelVersionName | null): SignalReading => ({ kind: 'no_data', reason, model });

/** The window's parts, stored and live, of every version. */
async function windowParts(
  sources: SignalSources,
  deployment: string,
  window: { start: string; end: string },
): Promise<WindowProfileRecord[]> {
  const stored = await sources.store.monitoring.windows(deployment, window.start, window.end);
  const live = (sources.liveWindows?.(deployment) ?? []).filter((w) => w.windowStart >= window.start && w.windowStart < window.end);
  return [...stored, ...live];
}

function fromParts(
  family: Family,
  parts: readonly WindowProfileRecord[],
  versionId: string,
  windowMs: number,
  window: { start: string; end: string },
  model: ModelVersionName | null,
): SignalReading {
  const value = (v: number, rows: number): SignalReading => ({ kind: 'value', value: v, rows, ...window, model });
  if (family.kind === 'predictions.rate') {
    // Every version's predictions: traffic is the deployment's, whichever version served it.
    const rows = parts.reduce((n, p) => n + p.rows, 0);
    return { kind: 'value', value: rows / (windowMs / 1000), rows, ...window, model };
  }
  const own = parts.filter((p) => p.versionId === versionId);
  const requests = own.every((p) => p.latency != null) ? own.reduce((n, p) => n + KllSketch.fromJSON(p.latency!).count, 0) : null;
  if (family.kind === 'latency') {
    const latency = windowLatency(own);
    const ms = latency?.[family.quantile] ?? null;
    if (requests === null || ms === null) return noData('the window has no request latencies of this version', model);
    if (requests < MIN_ROWS.latency) return tooFew(requests, MIN_ROWS.latency, 'requests', model);
    return value(ms, requests);
  }
  // errors.rate: failures over all requests, answered or failed.
  const errors = own.every((p) => p.errors != null) ? own.reduce((n, p) => n + p.errors!, 0) : null;
  if (requests === null || errors === null)
    return noData(
      'failed requests are unknown for part of the window (rebuilt from the log, or written before Ballast counted them)',
      model,
    );
  const total = requests + errors;
  if (total < MIN_ROWS.errors) return tooFew(total, MIN_ROWS.errors, 'requests', model);
  return value(errors / total, total);
}

function fromMonitoring(
  family: Family,
  monitored: MonitoringWindow | null,
  window: { start: string; end: string },
  model: ModelVersionName | null,
): SignalReading {
  if (monitored === null) return noData('the version the deployment serves has no rows in the window', model);
  const value = (v: number | null | undefined, rows: number, why: string): SignalReading =>
    typeof v === 'number' && Number.isFinite(v) ? { kind: 'value', value: v, rows, ...window, model } : noData(why, model);
  const rows = monitored.rows;
  switch (family.kind) {
    case 'drift.share':
    case 'drift.column':
    case 'drift.multivariate':
    case 'drift.important.share':
    case 'drift.important.max': {
      if (monitored.drift === null) return noData('the version has no reference profile to compare the window with', model);
      if (rows < MIN_ROWS.drift) return tooFew(rows, MIN_ROWS.drift, 'rows', model);
      const { dataset, columns } = monitored.drift;
      if (family.kind === 'drift.share')
        return dataset.columns === 0 ? noData('no column could be compared', model) : value(dataset.drifted_share, rows, '');
      if (family.kind === 'drift.important.share' || family.kind === 'drift.important.max') {
        const important = importantColumnsDrift(family.kind, columns);
        return 'noData' in important ? noData(important.noData, model) : value(important.value, rows, '');
      }
      if (family.kind === 'drift.multivariate') {
        // Drift is decided on the size of the change, either way: a falling error is as strange as a rising one.
        const change = dataset.multivariate?.effect_size.value;
        return value(change == null ? null : Math.abs(change), rows, dataset.multivariate?.note ?? 'the version has no multivariate model');
      }
      const column = columns.find((c) => c.name === family.column);
      if (column === undefined) return noData(`the window has no column "${family.column}"`, model);
      return value(column.effect_size.value, column.n_current, column.note ?? 'the effect size could not be computed');
    }
    case 'quality.missing': {
      if (rows < MIN_ROWS.quality) return tooFew(rows, MIN_ROWS.quality, 'rows', model);
      const column = monitored.quality.columns.find((c) => c.name === family.column);
      return column === undefined ? noData(`the window has no column "${family.column}"`, model) : value(column.missing_share, rows, '');
    }
    case 'contract.violation_rate': {
      // Violations per row seen: rejected rows were never served, so they are added to the served ones
      // (a rejected row with two violations counts twice there — the rate errs towards alerting).
      const rejected = monitored.quality.violations.filter((v) => v.policy === 'reject').reduce((n, v) => n + v.count, 0);
      const seen = rows + rejected;
      if (seen < MIN_ROWS.contract) return tooFew(seen, MIN_ROWS.contract, 'rows', model);
      return value(monitored.quality.violations_total / seen, seen, '');
    }
    default:
      return fromPerformance(family, monitored, value, model);
  }
}

function fromPerformance(
  family: Family,
  monitored: MonitoringWindow,
  value: (v: number | null | undefined, rows: number, why: string) => SignalReading,
  model: ModelVersionName | null,
): SignalReading {
  const performance = monitored.performance;
  if (performance == null) return noData('the prediction log holds no prediction of the version in the window', model);
  const labelled = performance.labelled_rows;
  switch (family.kind) {
    case 'performance.realized': {
      if (labelled < MIN_ROWS.realized) return tooFew(labelled, MIN_ROWS.realized, 'labelled rows', model);
      const metric = performance.metrics[family.metric];
      return value(metric?.realized, labelled, `no realised ${family.metric} for this model (unknown metric, or one class only)`);
    }
    case 'performance.estimated': {
      const rows = performance.rows;
      if (rows < MIN_ROWS.estimated) return tooFew(rows, MIN_ROWS.estimated, 'logged rows', model);
      const metric = performance.metrics[family.metric];
      return value(
        metric?.estimated,
        rows,
        `no estimate of ${family.metric} (the version has no labelled reference, or the metric is unknown)`,
      );
    }
    case 'calibration.ece':
      if (labelled < MIN_ROWS.realized) return tooFew(labelled, MIN_ROWS.realized, 'labelled rows', model);
      return value(performance.calibration?.expected_calibration_error, labelled, 'calibration needs class probabilities');
    case 'kpi': {
      const kpi = performance.kpis.find((k) => k.name === family.name);
      if (kpi === undefined) return noData(`the deployment has no KPI named "${family.name}"`, model);
      if (kpi.count < MIN_ROWS.kpi) return tooFew(kpi.count, MIN_ROWS.kpi, 'counted', model);
      return value(kpi.value, kpi.count, 'the KPI has no value in the window');
    }
    default:
      return noData('not a performance signal', model);
  }
}

function tooFew(rows: number, minimum: number, what: string, model: ModelVersionName | null): SignalReading {
  return noData(`${rows} ${what} in the window; the signal needs at least ${minimum}`, model);
}
