import type { ColumnDrift, DeploymentMonitoring, DriftReport, MonitoringWindow, QualityColumn } from '../api/monitoring-types.ts';

/**
 * Hand-built monitoring answers for the unit tests, in the wire shape the route documents. Only the
 * tests import this file; the numbers are chosen so each test can check its own arithmetic.
 */

export function numericColumn(
  name: string,
  effect: number | null,
  options: { drifted?: boolean; p?: number | null; threshold?: number; note?: string } = {},
): ColumnDrift {
  const p = options.p === undefined ? 0.5 : options.p;
  return {
    name,
    type: 'numeric',
    n_reference: 1000,
    n_current: 100,
    missing_reference: 0,
    missing_current: 0,
    drifted: options.drifted ?? false,
    method: 'ks',
    statistic: effect === null ? null : 0.2,
    p_value: p,
    p_value_raw: p,
    effect_size: { name: 'wasserstein_norm', value: effect, threshold: options.threshold ?? 0.1 },
    metrics: { ks: { statistic: 0.2, p_value: p }, wasserstein: 120.5, wasserstein_norm: effect, psi: 0.03, jensen_shannon: 0.05 },
    note: options.note,
    distribution: { bins: ['< 10', '[10, 20)', '>= 20'], edges: [10, 20], reference: [250, 500, 250], current: [10, 50, 40] },
  };
}

export function categoricalColumn(
  name: string,
  effect: number | null,
  options: { drifted?: boolean; p?: number | null } = {},
): ColumnDrift {
  const p = options.p === undefined ? 0.5 : options.p;
  return {
    name,
    type: 'categorical',
    drifted: options.drifted ?? false,
    method: 'chi2',
    statistic: 12.5,
    p_value: p,
    effect_size: { name: 'tvd', value: effect, threshold: 0.1 },
    metrics: { chi2: { statistic: 12.5, p_value: p }, psi: 0.2, jensen_shannon: effect, tvd: 0.12 },
    distribution: { bins: ['car', 'home', '(other)'], reference: [60, 30, 10], current: [3, 5, 2] },
  };
}

export function report(columns: ColumnDrift[], multivariate?: { drifted: boolean }): DriftReport {
  const compared = columns.filter((c) => c.p_value !== null).length;
  const drifted = columns.filter((c) => c.drifted).length;
  const share = compared === 0 ? 0 : drifted / compared;
  return {
    dataset: {
      drifted: share >= 0.5 || (multivariate?.drifted ?? false),
      drifted_share: share,
      columns: compared,
      drifted_columns: drifted,
      share_threshold: 0.5,
      ...(multivariate && {
        multivariate: {
          method: 'pca_reconstruction',
          columns: columns.filter((c) => c.type === 'numeric').map((c) => c.name),
          drifted: multivariate.drifted,
          statistic: 1.3,
          reference_mean: 1,
          p_value: multivariate.drifted ? 1e-6 : 0.4,
          effect_size: { name: 'relative_error_change', value: multivariate.drifted ? 0.3 : 0.01, threshold: 0.1 },
        },
      }),
    },
    columns,
  };
}

export function qualityColumn(
  name: string,
  missing: number,
  outOfRange: number | null,
  newCategories: string[] | null = null,
): QualityColumn {
  return { name, missing_share: missing, invalid: 0, out_of_range_share: outOfRange, new_categories: newCategories };
}

export function window(
  start: string,
  drift: DriftReport | null,
  options: Partial<Pick<MonitoringWindow, 'rows' | 'status' | 'quality'>> = {},
): MonitoringWindow {
  const rows = options.rows ?? 100;
  const end = new Date(Date.parse(start) + 60_000).toISOString();
  return {
    start,
    end,
    model: { name: 'credit', version: 2 },
    rows,
    status: options.status ?? 'complete',
    drift,
    quality: options.quality ?? { rows, columns: [], violations: [], violations_total: 0 },
  };
}

export function monitoring(
  windows: MonitoringWindow[],
  options: { from?: string; to?: string; reference?: DeploymentMonitoring['reference'] } = {},
): DeploymentMonitoring {
  return {
    deployment: 'credit-risk',
    window: '1m',
    window_ms: 60_000,
    from: options.from ?? '2026-11-25T10:00:00.000Z',
    to: options.to ?? '2026-11-25T10:05:00.000Z',
    reference: options.reference === undefined ? { model: 'credit', version: 2, rows: 5000 } : options.reference,
    windows,
  };
}
