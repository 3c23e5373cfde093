import type { ModelVersionName } from '../../core/alerts/alert-rule.ts';
import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import { Moments } from '../../core/sketches/moments.ts';
import { deploymentMonitoring, type MonitoringSources, type MonitoringWindow } from '../monitoring/deployment-monitoring.ts';
import { importanceRanks, withImportanceRanks } from '../monitoring/importance-ranks.ts';
import { windowDrift } from '../monitoring/window-drift.ts';
import { windowLatency } from '../monitoring/window-latency.ts';
import { windowQuality } from '../monitoring/window-quality.ts';

/**
 * A rollout step's gate window runs from the step's start (rounded up to the base window) to its end
 * (rounded down): whole base windows, but in general not one window of its own length aligned to the
 * epoch, which is all the monitoring route groups by. These read such a span for one version.
 */

/**
 * Drift, data quality and latency of one version over [start, end): its stored and live base-window
 * parts merged into one profile (as the monitoring route merges windows) and compared with its
 * reference. Null when the version has no part in the span. No `performance`: see spanPerformanceWindows.
 */
export async function spanMonitoringWindow(
  sources: MonitoringSources,
  deployment: string,
  versionId: string,
  model: ModelVersionName,
  span: { readonly start: string; readonly end: string },
): Promise<MonitoringWindow | null> {
  const stored = await sources.store.monitoring.windows(deployment, span.start, span.end);
  const live = (sources.liveWindows?.(deployment) ?? []).filter((w) => w.windowStart >= span.start && w.windowStart < span.end);
  const parts = [...stored.map((p) => ({ ...p, live: false })), ...live.map((p) => ({ ...p, live: true }))].filter(
    (p) => p.versionId === versionId,
  );
  if (parts.length === 0) return null;
  const [first, ...rest] = parts;
  const profile = DatasetProfile.fromJSON(first!.profile);
  let reconstruction = first!.reconstruction ? Moments.fromJSON(first!.reconstruction) : null;
  let status: MonitoringWindow['status'] = first!.live ? 'live' : first!.status;
  const rank = { complete: 0, live: 1, rebuilt: 2, incomplete: 3 } as const;
  for (const part of rest) {
    const partStatus = part.live ? 'live' : part.status;
    try {
      profile.merge(DatasetProfile.fromJSON(part.profile));
    } catch {
      // Parts profiled on different schemas cannot share a histogram: the span keeps what it has.
      status = 'incomplete';
      continue;
    }
    reconstruction = reconstruction && part.reconstruction ? reconstruction.merge(Moments.fromJSON(part.reconstruction)) : null;
    if (rank[partStatus] > rank[status]) status = partStatus;
  }
  const reference = await sources.store.monitoring.findReference(versionId);
  const referenceProfile = reference ? DatasetProfile.fromJSON(reference.profile) : undefined;
  const violations = await sources.store.contracts.violationCounts(deployment, span.start, span.end);
  return {
    start: span.start,
    end: span.end,
    model,
    rows: profile.rows,
    status,
    drift: referenceProfile
      ? withImportanceRanks(
          windowDrift(referenceProfile, reference!, { profile, reconstruction }),
          await importanceRanks(sources.store, versionId),
        )
      : null,
    quality: windowQuality(profile, referenceProfile, violations),
    latency: windowLatency(parts),
  };
}

/**
 * The version's performance windows tiling [start, end) — the longest window length that divides both
 * ends, so they are aligned windows the monitoring route can answer — for the reader to combine.
 */
export async function spanPerformanceWindows(
  sources: MonitoringSources,
  deployment: string,
  model: ModelVersionName,
  span: { readonly start: string; readonly end: string },
): Promise<MonitoringWindow[]> {
  const start = Date.parse(span.start);
  const end = Date.parse(span.end);
  const answer = await deploymentMonitoring(sources, deployment, {
    from: span.start,
    to: span.end,
    window: `${gcd(start, end)}ms`,
    performance: true,
  });
  return answer.windows.filter(
    (w) => Date.parse(w.start) >= start && Date.parse(w.end) <= end && w.model.name === model.name && w.model.version === model.version,
  );
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
