import type { DriftReport } from '../../core/drift/drift-report.ts';
import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import { Moments } from '../../core/sketches/moments.ts';
import type { WindowProfileRecord } from '../../store/monitoring-repository.ts';
import type { Store } from '../../store/store.ts';
import type { ClosedWindowPerformance } from './closed-window-performance.ts';
import { windowDrift } from './window-drift.ts';

/** The latest window a server closed for a deployment, compared once with its version's reference. */
export interface ClosedWindowDrift {
  readonly deployment: string;
  readonly model: { readonly name: string; readonly version: number };
  readonly start: string;
  readonly end: string;
  readonly rows: number;
  /** Null when the version has no reference profile. */
  readonly drift: DriftReport | null;
  /** Per profiled column (the reference schema's, or the signature's without one), the share of its rows that were missing. */
  readonly missing: readonly { readonly column: string; readonly share: number }[];
  /** Its performance, when the server asked for it (closed-window-performance.ts). */
  readonly performance?: ClosedWindowPerformance | null;
}

/**
 * Per deployment, the newest of the windows just written, compared with its version's reference.
 * Runs once per flush (each window length), not per scrape. A window reopened by a late request
 * writes a part older than the newest one: it is skipped here, the API still merges it. So is a
 * window in which every request failed (no rows).
 */
export async function closedWindowDrift(
  store: Pick<Store, 'versions' | 'monitoring'>,
  written: readonly WindowProfileRecord[],
): Promise<ClosedWindowDrift[]> {
  const newest = new Map<string, WindowProfileRecord>();
  for (const record of written) {
    // A window with failed requests only has no rows to compare: the gauges keep the last window that had some.
    if (record.rows === 0) continue;
    const seen = newest.get(record.deployment);
    if (seen === undefined || record.windowStart > seen.windowStart) newest.set(record.deployment, record);
  }
  const out: ClosedWindowDrift[] = [];
  for (const record of newest.values()) {
    const version = await store.versions.findById(record.versionId);
    if (version === undefined) continue;
    const reference = await store.monitoring.findReference(record.versionId);
    const profile = DatasetProfile.fromJSON(record.profile);
    const reconstruction = record.reconstruction ? Moments.fromJSON(record.reconstruction) : null;
    const start = Date.parse(record.windowStart);
    out.push({
      deployment: record.deployment,
      model: { name: version.modelName, version: version.version },
      start: record.windowStart,
      end: new Date(start + record.windowMs).toISOString(),
      rows: record.rows,
      drift: reference ? windowDrift(DatasetProfile.fromJSON(reference.profile), reference, { profile, reconstruction }) : null,
      missing: profile.columns.map((c) => ({ column: c.schema.name, share: c.rows === 0 ? 0 : c.missing / c.rows })),
    });
  }
  return out;
}
