import type { BehaviourObjective } from '../../core/slo/slo-objective.ts';
import type { DeploymentPerformance, PerformanceWindow } from '../performance/deployment-performance.ts';
import type { BehaviourWindow, BehaviourWindowReader } from './slo-evaluation.ts';

/** One performance answer for a range (deploymentPerformance with the server's sources). */
export type ReadPerformance = (deployment: string, range: { from: string; to: string; window: string }) => Promise<DeploymentPerformance>;

/** A performance answer holds at most 1,440 windows (window-range.ts); longer spans are read in pieces. */
const WINDOWS_PER_READ = 1000;

/**
 * Behaviour objectives' windows from the performance reader, which scans the prediction log of its
 * range (seconds for a busy day). So each closed window is read once, when it has closed, and kept:
 * an estimated metric of a closed window does not change, and a realised metric or KPI is judged on
 * the labels and events it had then, as the window gauges of /metrics are. A version's every
 * window is one event: two versions serving in one hour are two judged windows.
 */
export function behaviourWindowReader(read: ReadPerformance): BehaviourWindowReader {
  const kept = new Map<string, { until: number; windows: BehaviourWindow[] }>();
  return async (deployment, objective, range) => {
    const key = `${deployment}|${objective.signal}|${objective.windowMs}`;
    const w = objective.windowMs;
    const fromMs = Math.ceil(range.fromMs / w) * w;
    const closedUntil = Math.floor(range.toMs / w) * w;
    const entry = kept.get(key) ?? { until: fromMs, windows: [] };
    for (let start = Math.max(entry.until, fromMs); start < closedUntil; start += WINDOWS_PER_READ * w) {
      const end = Math.min(closedUntil, start + WINDOWS_PER_READ * w);
      const answer = await read(deployment, {
        from: new Date(start).toISOString(),
        to: new Date(end).toISOString(),
        window: `${w / 1000}s`,
      });
      for (const window of answer.windows) {
        const startMs = Date.parse(window.start);
        entry.windows.push({ startMs, endMs: Date.parse(window.end), value: windowValue(objective, window) });
      }
      entry.until = end;
    }
    entry.until = Math.max(entry.until, closedUntil);
    entry.windows = entry.windows.filter((x) => x.startMs >= fromMs);
    kept.set(key, entry);
    return entry.windows.filter((x) => x.endMs <= range.toMs);
  };
}

/** The objective's signal in one window, null when the window has none (too few rows or labels, no events). */
function windowValue(objective: BehaviourObjective, window: PerformanceWindow): number | null {
  const [family, kind, name] = objective.signal.split('.') as [string, string, string | undefined];
  if (family === 'kpi') return window.kpis.find((k) => k.name === kind)?.value ?? null;
  const metric = window.metrics[name!];
  if (metric === undefined) return null;
  return kind === 'estimated' ? metric.estimated : metric.realized;
}
