import type { MetricEstimate } from '../../core/performance-estimation/cbpe.ts';
import { deploymentPerformance, type PerformanceStore, type PerformanceWindow } from '../performance/deployment-performance.ts';
import type { ClosedWindowDrift } from './closed-window-drift.ts';

/**
 * A closed window's performance as the performance route answers it at the moment the window closes:
 * estimated metrics (for a version with a labelled reference) and realised ones from the labels already
 * there — usually few, as labels come later; the route, not the gauge, shows them then.
 */
export interface ClosedWindowPerformance {
  readonly labelled_rows: number;
  readonly metrics: Readonly<Record<string, MetricEstimate>>;
  readonly kpis: PerformanceWindow['kpis'];
}

/**
 * The closed windows with their performance: one window of the log read per deployment and flush (a
 * window's worth of rows, not the whole range the route may be asked for). `performance` is null when
 * the log holds no prediction of that version in the window (a log sample rate left them all out).
 */
export async function withWindowPerformance(store: PerformanceStore, windows: readonly ClosedWindowDrift[]): Promise<ClosedWindowDrift[]> {
  const out: ClosedWindowDrift[] = [];
  for (const closed of windows) {
    const windowMs = Date.parse(closed.end) - Date.parse(closed.start);
    const answer = await deploymentPerformance({ store, clock: () => new Date(closed.end), baseWindowMs: windowMs }, closed.deployment, {
      from: closed.start,
      to: closed.end,
    });
    const window = answer.windows.find((w) => w.model.version === closed.model.version && w.model.name === closed.model.name);
    out.push({
      ...closed,
      performance: window === undefined ? null : { labelled_rows: window.labelled_rows, metrics: window.metrics, kpis: window.kpis },
    });
  }
  return out;
}
