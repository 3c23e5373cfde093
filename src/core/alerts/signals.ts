import { isEventName } from '../kpis/kpi-definitions.ts';
import { CBPE_METRICS } from '../performance-estimation/metric-names.ts';
import { isMetricName, type MetricName } from '../performance/metric-registry.ts';

/**
 * The signals an alert rule may watch: every number Ballast measures per monitoring window, named
 * the same way in rules files, the API and docs/alerts.md (whose table is SIGNAL_CATALOGUE). A signal
 * name is parsed once, when a rule is applied, so a typo is refused then and never read as "no data"
 * for ever after.
 */

export type SignalFamily =
  | 'drift.share'
  | 'drift.column'
  | 'drift.multivariate'
  | 'drift.important.share'
  | 'drift.important.max'
  | 'quality.missing'
  | 'contract.violation_rate'
  | 'performance.realized'
  | 'performance.estimated'
  | 'calibration.ece'
  | 'kpi'
  | 'latency'
  | 'errors.rate'
  | 'predictions.rate'
  | 'log.backlog'
  | 'reviews.pending'
  | 'governance.review_overdue'
  | 'slo.burn_rate'
  | 'slo.alert'
  | 'features.skew';

const LATENCY_QUANTILES = ['p50', 'p95', 'p99'] as const;
export type LatencyQuantile = (typeof LATENCY_QUANTILES)[number];

/** The SRE workbook's burn-rate windows (1h & 5m, 6h & 30m, 3d & 6h). */
const BURN_RATE_WINDOWS = ['5m', '30m', '1h', '6h', '3d'] as const;
export type BurnRateWindow = (typeof BURN_RATE_WINDOWS)[number];

/** A signal name taken apart: its family and the one part the family is parameterised by, if any. */
export interface ParsedSignal {
  readonly name: string;
  readonly family: SignalFamily;
  /** drift.column, quality.missing: the input column. */
  readonly column?: string;
  /** performance.realized, performance.estimated: the metric (metric-registry.ts names). */
  readonly metric?: MetricName;
  /** kpi: the KPI's name in the deployment's config. */
  readonly kpi?: string;
  readonly quantile?: LatencyQuantile;
  /** slo.*: the objective's name (part of the SLO definition). */
  readonly objective?: string;
  readonly burnWindow?: BurnRateWindow;
  /** slo.<objective>.page|ticket: the workbook's multiwindow alert, 1 when both windows of its pairs burn too fast. */
  readonly sloAlert?: 'page' | 'ticket';
  /** features.skew: the name of a feature the deployment enriches its requests with. */
  readonly feature?: string;
}

export interface SignalDescription {
  /** How the signal is written, with `<…>` for the part a rule fills in. */
  readonly pattern: string;
  readonly family: SignalFamily;
  readonly unit: string;
  readonly description: string;
}

/** Every signal with its unit: the source of the signals table in docs/alerts.md (a test keeps them equal). */
export const SIGNAL_CATALOGUE: readonly SignalDescription[] = [
  {
    pattern: 'drift.share',
    family: 'drift.share',
    unit: 'share 0–1',
    description: "share of the deployment's input columns that drifted in the window, against the version's reference",
  },
  {
    pattern: 'drift.column.<col>',
    family: 'drift.column',
    unit: 'effect size',
    description: "the column's drift effect size: normalised Wasserstein distance (numeric) or total variation distance (categorical)",
  },
  {
    pattern: 'drift.multivariate',
    family: 'drift.multivariate',
    unit: 'relative change',
    description: 'relative change of the PCA reconstruction error of the numeric inputs against the reference',
  },
  {
    pattern: 'drift.important.share',
    family: 'drift.important.share',
    unit: 'share 0–1',
    description:
      "share of the version's five most important input columns (its global importance, computed at registration) that drifted in the window; no data without importance",
  },
  {
    pattern: 'drift.important.max',
    family: 'drift.important.max',
    unit: 'effect size',
    description: 'the largest drift effect size among those five columns (normalised Wasserstein or total variation, as drift.column)',
  },
  {
    pattern: 'quality.missing.<col>',
    family: 'quality.missing',
    unit: 'share 0–1',
    description: "share of the window's rows where the column is missing",
  },
  {
    pattern: 'contract.violation_rate',
    family: 'contract.violation_rate',
    unit: 'share 0–1',
    description: "share of the window's rows that broke a rule of the version's contract",
  },
  {
    pattern: 'performance.realized.<metric>',
    family: 'performance.realized',
    unit: "the metric's own",
    description: 'a performance metric (docs/performance.md names) computed from the labels received for the window',
  },
  {
    pattern: 'performance.estimated.<metric>',
    family: 'performance.estimated',
    unit: "the metric's own",
    description: `a metric estimated without labels by CBPE (${CBPE_METRICS.join(', ')})`,
  },
  {
    pattern: 'calibration.ece',
    family: 'calibration.ece',
    unit: 'probability 0–1',
    description: 'expected calibration error of the predicted probabilities, from the labelled rows of the window',
  },
  {
    pattern: 'kpi.<name>',
    family: 'kpi',
    unit: "the KPI's own",
    description: "a business KPI of the deployment's config (rate: share 0–1; sum, mean: the events' values)",
  },
  {
    pattern: 'latency.p50 | latency.p95 | latency.p99',
    family: 'latency',
    unit: 'ms',
    description: 'a quantile of the request latency in the window',
  },
  {
    pattern: 'errors.rate',
    family: 'errors.rate',
    unit: 'share 0–1',
    description: "share of the window's requests that failed on the server's side (5xx)",
  },
  {
    pattern: 'predictions.rate',
    family: 'predictions.rate',
    unit: 'predictions per second',
    description: 'predictions served per second over the window',
  },
  {
    pattern: 'log.backlog',
    family: 'log.backlog',
    unit: 'predictions',
    description: 'predictions acknowledged but not yet written to the prediction log',
  },
  {
    pattern: 'reviews.pending',
    family: 'reviews.pending',
    unit: 'predictions',
    description: "predictions held for human review by the deployment's review policy and not yet decided",
  },
  {
    pattern: 'governance.review_overdue',
    family: 'governance.review_overdue',
    unit: 'days',
    description:
      'how many days the periodic review of the version the deployment serves is overdue (0 when it is not); no data when the version has no approved production approval',
  },
  {
    pattern: 'slo.<objective>.burn_rate.<5m|30m|1h|6h|3d>',
    family: 'slo.burn_rate',
    unit: 'burn rate (×)',
    description: "how fast the objective's error budget burns over the window: bad share / (1 − target); 1 spends it exactly in the period",
  },
  {
    pattern: 'slo.<objective>.page | slo.<objective>.ticket',
    family: 'slo.alert',
    unit: '0 or 1',
    description:
      "the SRE workbook's multiwindow alert: 1 when both windows of a pair burn above their factor (page: 1h & 5m at 14.4×, 6h & 30m at 6×; ticket: 3d & 6h at 1×)",
  },
  {
    pattern: 'features.skew.<feature>',
    family: 'features.skew',
    unit: 'share 0–1',
    description:
      "train/serve skew of a feature the deployment enriches: share of the window's predictions whose served value differs from the offline point-in-time value (docs/features.md)",
  },
];

const OBJECTIVE = /^[a-z][a-z0-9_-]{0,63}$/;

/** The signal a name means, or why it means none (the message names what is allowed). */
export function parseSignal(name: string): { readonly signal: ParsedSignal } | { readonly problem: string } {
  const ok = (fields: Omit<ParsedSignal, 'name'>) => ({ signal: { name, ...fields } });
  const exact = [
    'drift.share',
    'drift.multivariate',
    'drift.important.share',
    'drift.important.max',
    'contract.violation_rate',
    'calibration.ece',
    'errors.rate',
    'predictions.rate',
    'log.backlog',
    'reviews.pending',
    'governance.review_overdue',
  ];
  if (exact.includes(name)) return ok({ family: name as SignalFamily });
  const rest = (prefix: string) => (name.startsWith(prefix) ? name.slice(prefix.length) : undefined);

  const driftColumn = rest('drift.column.');
  if (driftColumn !== undefined)
    return driftColumn === '' ? { problem: 'drift.column.<col> needs a column name' } : ok({ family: 'drift.column', column: driftColumn });
  const missing = rest('quality.missing.');
  if (missing !== undefined)
    return missing === '' ? { problem: 'quality.missing.<col> needs a column name' } : ok({ family: 'quality.missing', column: missing });

  const realized = rest('performance.realized.');
  if (realized !== undefined) {
    return isMetricName(realized)
      ? ok({ family: 'performance.realized', metric: realized })
      : { problem: `${JSON.stringify(realized)} is not a performance metric (docs/performance.md lists them)` };
  }
  const estimated = rest('performance.estimated.');
  if (estimated !== undefined) {
    return (CBPE_METRICS as readonly string[]).includes(estimated)
      ? ok({ family: 'performance.estimated', metric: estimated as MetricName })
      : { problem: `${JSON.stringify(estimated)} cannot be estimated without labels; CBPE estimates ${CBPE_METRICS.join(', ')}` };
  }
  const kpi = rest('kpi.');
  if (kpi !== undefined) {
    return isEventName(kpi)
      ? ok({ family: 'kpi', kpi })
      : { problem: `${JSON.stringify(kpi)} is not a KPI name (lower-case letters, digits, _)` };
  }
  const latency = rest('latency.');
  if (latency !== undefined) {
    return (LATENCY_QUANTILES as readonly string[]).includes(latency)
      ? ok({ family: 'latency', quantile: latency as LatencyQuantile })
      : { problem: `latency quantile must be ${LATENCY_QUANTILES.join(', ')}` };
  }
  const slo = rest('slo.');
  if (slo !== undefined) return parseSloSignal(slo, ok);
  const skew = rest('features.skew.');
  if (skew !== undefined)
    return skew === '' ? { problem: 'features.skew.<feature> needs a feature name' } : ok({ family: 'features.skew', feature: skew });
  return { problem: `unknown signal ${JSON.stringify(name)}; signals: ${SIGNAL_CATALOGUE.map((s) => s.pattern).join(', ')}` };
}

function parseSloSignal(
  rest: string,
  ok: (fields: Omit<ParsedSignal, 'name'>) => { signal: ParsedSignal },
): { readonly signal: ParsedSignal } | { readonly problem: string } {
  const burn = /^(.+)\.burn_rate\.([^.]+)$/.exec(rest);
  if (burn !== null) {
    const [, objective, window] = burn as unknown as [string, string, string];
    if (!OBJECTIVE.test(objective)) return { problem: `${JSON.stringify(objective)} is not an SLO objective name` };
    if (!(BURN_RATE_WINDOWS as readonly string[]).includes(window))
      return { problem: `burn-rate window must be ${BURN_RATE_WINDOWS.join(', ')} (got ${JSON.stringify(window)})` };
    return ok({ family: 'slo.burn_rate', objective, burnWindow: window as BurnRateWindow });
  }
  const alert = /^(.+)\.(page|ticket)$/.exec(rest);
  if (alert !== null && OBJECTIVE.test(alert[1]!))
    return ok({ family: 'slo.alert', objective: alert[1]!, sloAlert: alert[2] as 'page' | 'ticket' });
  return { problem: 'SLO signals are slo.<objective>.burn_rate.<5m|30m|1h|6h|3d> or slo.<objective>.page|ticket' };
}
