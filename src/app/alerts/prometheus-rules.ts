import { stringify } from 'yaml';
import type { AlertRule } from '../../core/alerts/alert-rule.ts';
import { ERROR_CODES } from '../../core/errors.ts';

/**
 * Prometheus alerting rules over Ballast's /metrics (server/metrics.ts), for teams that alert with
 * Prometheus rather than, or beside, Ballast's evaluator. Each Ballast rule whose signal has a
 * series on /metrics becomes one Prometheus rule with the same threshold, `for`, `keep_firing_for`,
 * severity and description; the others are listed with why, never exported as an approximation
 * that would fire on something else.
 *
 * Window gauges (drift, missing shares, performance, KPIs) are of the latest closed monitoring window,
 * the same value Ballast's rule reads on a window of the server's --monitoring-window. Latency and
 * errors come from counters and the latency histogram over the rule's window (at least 1m, so a
 * rate has two scrapes to work on); latency percentiles are interpolated in the histogram's buckets
 * (0.2 ms … 500 ms), coarser than the window sketches Ballast reads.
 */

export interface PrometheusRulesExport {
  /** The rules file, YAML, one group `ballast`. */
  readonly text: string;
  readonly exported: readonly string[];
  /** Rules left out: their signal has no series on /metrics. */
  readonly skipped: readonly { readonly rule: string; readonly signal: string; readonly reason: string }[];
}

type Translation = { readonly expr: string; readonly unit: string } | { readonly reason: string };

/** Failures counted against a deployment's availability: the server-side (5xx) codes, as window-latency.ts's isServerFailure. */
const SERVER_FAILURE_CODES = Object.entries(ERROR_CODES)
  .filter(([, e]) => e.status >= 500)
  .map(([code]) => code)
  .sort();

const MIN_RATE_WINDOW_MS = 60_000;

/** The alerting rules of these Ballast rules, and which were left out with why. */
export function prometheusRules(rules: readonly AlertRule[]): PrometheusRulesExport {
  const exported: Record<string, unknown>[] = [];
  const skipped: { rule: string; signal: string; reason: string }[] = [];
  for (const rule of rules) {
    const translation = signalExpression(rule);
    if ('reason' in translation) {
      skipped.push({ rule: rule.name, signal: rule.signal, reason: translation.reason });
      continue;
    }
    const threshold = rule.above ?? rule.below!;
    const comparison = rule.above !== null ? '>' : '<';
    exported.push({
      alert: rule.name,
      expr: `${translation.expr} ${comparison} ${threshold}`,
      ...(rule.forMs > 0 ? { for: promDuration(rule.forMs) } : {}),
      ...(rule.keepFiringForMs > 0 ? { keep_firing_for: promDuration(rule.keepFiringForMs) } : {}),
      labels: { severity: rule.severity, deployment: rule.deployment, ballast_rule: rule.name },
      annotations: {
        summary: `${rule.deployment}: ${rule.signal} ${comparison} ${threshold}${translation.unit}`,
        description:
          rule.description ??
          `Ballast rule ${rule.name}: ${rule.signal} of ${rule.deployment} ${comparison === '>' ? 'above' : 'below'} ${threshold}${translation.unit}.`,
        value: '{{ $value }}',
      },
    });
  }
  const text = stringify({ groups: [{ name: 'ballast', rules: exported }] }, { lineWidth: 0 });
  return { text, exported: exported.map((r) => r.alert as string), skipped };
}

/** The PromQL of a rule's signal on its deployment, or why there is none. */
function signalExpression(rule: AlertRule): Translation {
  const d = `deployment=${quote(rule.deployment)}`;
  const [family, second, ...rest] = rule.signal.split('.');
  const tail = rest.length > 0 ? rest.join('.') : undefined;
  const rangeMs = Math.max(rule.windowMs, MIN_RATE_WINDOW_MS);
  const range = `[${promDuration(rangeMs)}]`;
  switch (family) {
    case 'drift':
      if (second === 'share' && tail === undefined) return { expr: `ballast_drift_share{${d}}`, unit: '' };
      if (second === 'column' && tail !== undefined) return { expr: `ballast_drift_effect{${d},column=${quote(tail)}}`, unit: '' };
      if (second === 'multivariate')
        return { reason: 'the multivariate check has no gauge of its own (ballast_drift_detected also counts the drifted share)' };
      if (second === 'important')
        return { reason: "the important columns' drift is read with the version's global importance, which has no gauge" };
      break;
    case 'quality':
      if (second === 'missing' && tail !== undefined) return { expr: `ballast_missing_share{${d},column=${quote(tail)}}`, unit: '' };
      break;
    case 'performance':
      if ((second === 'estimated' || second === 'realized') && tail !== undefined)
        return { expr: `ballast_performance_${second}{${d},metric=${quote(tail)}}`, unit: '' };
      break;
    case 'kpi':
      if (second !== undefined) return { expr: `ballast_kpi_value{${d},kpi=${quote([second, ...rest].join('.'))}}`, unit: '' };
      break;
    case 'latency': {
      const q = { p50: 0.5, p95: 0.95, p99: 0.99 }[second as 'p50' | 'p95' | 'p99'];
      if (q !== undefined && tail === undefined)
        return {
          expr: `histogram_quantile(${q}, sum by (le) (rate(ballast_prediction_latency_seconds_bucket{${d}}${range}))) * 1000`,
          unit: ' ms',
        };
      break;
    }
    case 'errors':
      if (second === 'rate' && tail === undefined) {
        const failed = `sum(rate(ballast_prediction_errors_total{${d},code=~${quote(SERVER_FAILURE_CODES.join('|'))}}${range}))`;
        const answered = `sum(rate(ballast_prediction_latency_seconds_count{${d}}${range}))`;
        // The share of requests that failed on the server's side; client errors (4xx) are the caller's, as in Ballast.
        return { expr: `${failed} / (${failed} + ${answered})`, unit: '' };
      }
      break;
    case 'predictions':
      if (second === 'rate' && tail === undefined) return { expr: `sum(rate(ballast_predictions_total{${d}}${range}))`, unit: ' /s' };
      break;
    case 'log':
      if (second === 'backlog' && tail === undefined) return { expr: 'ballast_log_queued_records', unit: ' records' };
      break;
    case 'reviews':
      if (second === 'pending' && tail === undefined) return { expr: `ballast_review_queue_size{${d}}`, unit: ' items' };
      break;
    case 'contract':
      return { reason: 'ballast_contract_violations_total counts violations per column, not rows that broke the contract' };
    case 'calibration':
      return { reason: 'calibration is computed per window on read and has no gauge' };
    case 'governance':
      return { reason: 'periodic review schedules are read from the store and have no gauge on /metrics; use the rule in Ballast' };
    case 'slo':
      return {
        reason: 'SLO burn rates are computed from the stored window parts over periods Prometheus does not keep; use the rule in Ballast',
      };
  }
  return { reason: 'no series on /metrics for this signal' };
}

/** A PromQL string literal. */
function quote(value: string): string {
  return JSON.stringify(value);
}

/** A Prometheus duration: whole units, largest first (90s → 1m30s); below a second, milliseconds. */
function promDuration(ms: number): string {
  let left = Math.round(ms);
  let text = '';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    if (left >= size) {
      text += `${Math.floor(left / size)}${unit}`;
      left %= size;
    }
  }
  return text === '' ? '0s' : text;
}
