import type { DriftReport } from '../../core/drift/drift-report.ts';
import { multivariateDrift } from '../../core/drift/multivariate-drift.ts';
import { compareProfiles } from '../../core/drift/profile-drift.ts';
import type { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import type { Moments } from '../../core/sketches/moments.ts';
import type { ReferenceProfileRecord } from '../../store/monitoring-repository.ts';

/**
 * One window compared with its version's reference, as the monitoring API answers it and the
 * server's drift gauges show it (one function, so the two never disagree).
 */
export function windowDrift(
  reference: DatasetProfile,
  record: ReferenceProfileRecord,
  window: { readonly profile: DatasetProfile; readonly reconstruction: Moments | null },
): DriftReport {
  const model = record.multivariate;
  const moments = window.reconstruction;
  const multivariate =
    model && moments ? multivariateDrift(model, { count: moments.count, mean: moments.mean, variance: moments.sampleVariance }) : undefined;
  // Columns the window does not profile (the training label, which live traffic does not carry) are not compared.
  return compareProfiles(reference, window.profile, { multivariate, columns: window.profile.columns.map((c) => c.schema.name) });
}
