import type { ClosedWindowDrift } from '../app/monitoring/closed-window-drift.ts';
import type { ServerMetrics } from './metrics.ts';

type Labels = Record<string, string>;

/**
 * Sets the window gauges of /metrics — drift, missing shares, and estimated and realised performance —
 * from the latest closed window of each deployment, computed once when the window closes
 * (app/monitoring/closed-window-drift.ts, closed-window-performance.ts), never at scrape time. A
 * deployment shows one window only: its previous series (another version, columns of another
 * schema) are removed first, so series stay bounded by the deployments this server serves and
 * the columns of their versions' schemas.
 */
export function windowGauges(metrics: ServerMetrics): (windows: readonly ClosedWindowDrift[]) => void {
  const shown = new Map<string, { window: Labels; columns: Labels[]; missing: Labels[]; metrics: Labels[]; kpis: Labels[]; end: string }>();
  return (windows) => {
    for (const w of windows) {
      const previous = shown.get(w.deployment);
      // A late part of an older window must not replace the newer one on show.
      if (previous !== undefined && previous.end > w.end) continue;
      if (previous !== undefined) {
        for (const gauge of [metrics.driftShare, metrics.driftDetected, metrics.windowRows, metrics.windowEnd, metrics.labelledRows])
          gauge.remove(previous.window);
        for (const labels of previous.columns) metrics.driftEffect.remove(labels);
        for (const labels of previous.missing) metrics.missingShare.remove(labels);
        for (const labels of previous.metrics)
          for (const gauge of [metrics.performanceEstimated, metrics.performanceAlert, metrics.performanceRealized]) gauge.remove(labels);
        for (const labels of previous.kpis) metrics.kpiValue.remove(labels);
      }
      const window = { deployment: w.deployment, model: w.model.name, version: String(w.model.version) };
      metrics.windowRows.set(window, w.rows);
      metrics.windowEnd.set(window, Date.parse(w.end) / 1000);
      const columns: Labels[] = [];
      if (w.drift !== null) {
        metrics.driftShare.set(window, w.drift.dataset.drifted_share);
        metrics.driftDetected.set(window, w.drift.dataset.drifted ? 1 : 0);
        for (const c of w.drift.columns) {
          // A statistic that could not be computed (too few rows) is left out rather than shown as 0.
          if (c.effect_size.value === null) continue;
          const labels = { ...window, column: c.name, statistic: c.effect_size.name };
          metrics.driftEffect.set(labels, c.effect_size.value);
          columns.push(labels);
        }
      }
      const missing = w.missing.map((m) => {
        const labels = { ...window, column: m.column };
        metrics.missingShare.set(labels, m.share);
        return labels;
      });
      shown.set(w.deployment, {
        window,
        columns,
        missing,
        metrics: performanceGauges(metrics, window, w),
        kpis: kpiGauges(metrics, window, w),
        end: w.end,
      });
    }
  };
}

/** A metric's series only where it has a value: an estimate needs a labelled reference, a realised value labels. */
function performanceGauges(metrics: ServerMetrics, window: Labels, w: ClosedWindowDrift): Labels[] {
  if (w.performance == null) return [];
  metrics.labelledRows.set(window, w.performance.labelled_rows);
  const shown: Labels[] = [];
  for (const [metric, value] of Object.entries(w.performance.metrics)) {
    if (value.estimated === null && value.realized === null) continue;
    const labels = { ...window, metric };
    if (value.estimated !== null) {
      metrics.performanceEstimated.set(labels, value.estimated);
      metrics.performanceAlert.set(labels, value.alert ? 1 : 0);
    }
    if (value.realized !== null) metrics.performanceRealized.set(labels, value.realized);
    shown.push(labels);
  }
  return shown;
}

/** A KPI's series only where it has a value (a mean without events has none). */
function kpiGauges(metrics: ServerMetrics, window: Labels, w: ClosedWindowDrift): Labels[] {
  const shown: Labels[] = [];
  for (const kpi of w.performance?.kpis ?? []) {
    if (kpi.value === null) continue;
    const labels = { ...window, kpi: kpi.name };
    metrics.kpiValue.set(labels, kpi.value);
    shown.push(labels);
  }
  return shown;
}
