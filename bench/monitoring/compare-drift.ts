import type { ColumnDrift, DriftReport, NumericDriftMetrics } from '../../src/core/drift/drift-report.ts';

/**
 * Agreement between `ballast drift --json` and the peers on the same files. The scipy peer computes
 * the same statistics the same way, so its figures must match Ballast's to a relative 1e-9 and its
 * decisions exactly; Evidently decides by the normalised Wasserstein distance alone, so its scores
 * are compared with that metric and its decisions are only reported beside Ballast's.
 */

export interface ScipyColumn {
  readonly name: string;
  readonly n_reference: number;
  readonly n_current: number;
  readonly ks_statistic: number;
  readonly ks_p_value: number;
  readonly p_value_adjusted: number;
  readonly wasserstein: number;
  readonly wasserstein_norm: number | null;
  /** numpy.std of the reference's present values (population, ddof 0). */
  readonly reference_std: number;
  readonly psi: number;
  readonly jensen_shannon: number;
  readonly drifted: boolean;
}

export interface EvidentlyColumn {
  readonly name: string;
  readonly method: string;
  readonly threshold: number;
  readonly score: number;
  readonly drifted: boolean;
}

/** A metric compared column by column: its largest relative difference and where it broke tolerance. */
export interface MetricAgreement {
  readonly metric: string;
  /** Required metrics must agree; the others are reported for information. */
  readonly required: boolean;
  readonly maxRelativeDifference: number;
  readonly disagreements: readonly string[];
}

export const TOLERANCE = 1e-9;

/** |a - b| relative to the larger magnitude; 0 when both are equal (including both 0). */
export function relativeDifference(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

function numericMetrics(column: ColumnDrift): NumericDriftMetrics | undefined {
  return column.type === 'numeric' ? (column.metrics as NumericDriftMetrics) : undefined;
}

type Pick = (ours: ColumnDrift, metrics: NumericDriftMetrics) => number | null;

const SCIPY_METRICS: readonly { metric: string; required: boolean; ours: Pick; theirs: (c: ScipyColumn) => number | null }[] = [
  { metric: 'KS statistic', required: true, ours: (_, m) => m.ks.statistic, theirs: (c) => c.ks_statistic },
  { metric: 'Wasserstein', required: true, ours: (_, m) => m.wasserstein, theirs: (c) => c.wasserstein },
  { metric: 'Wasserstein / ref. std', required: false, ours: (_, m) => m.wasserstein_norm, theirs: (c) => c.wasserstein_norm },
  { metric: 'PSI (10 ref. deciles)', required: false, ours: (_, m) => m.psi, theirs: (c) => c.psi },
  { metric: 'Jensen-Shannon distance', required: false, ours: (_, m) => m.jensen_shannon, theirs: (c) => c.jensen_shannon },
  { metric: 'KS p-value (raw)', required: false, ours: (_, m) => m.ks.p_value, theirs: (c) => c.ks_p_value },
  { metric: 'KS p-value (BH-adjusted)', required: false, ours: (c) => c.p_value, theirs: (c) => c.p_value_adjusted },
];

export interface ScipyAgreement {
  readonly metrics: readonly MetricAgreement[];
  /** Columns whose decision, counts or presence differ: any entry fails the check. */
  readonly columnDisagreements: readonly string[];
  /** True when every required metric is within tolerance and every decision matches. */
  readonly agrees: boolean;
}

export function compareWithScipy(report: DriftReport, scipy: readonly ScipyColumn[], tolerance = TOLERANCE): ScipyAgreement {
  const ours = new Map(report.columns.map((column) => [column.name, column]));
  const columnDisagreements: string[] = [];
  const pairs: [ColumnDrift, NumericDriftMetrics, ScipyColumn][] = [];
  for (const theirs of scipy) {
    const column = ours.get(theirs.name);
    const metrics = column && numericMetrics(column);
    if (!column || !metrics) {
      columnDisagreements.push(`${theirs.name}: ${column ? `Ballast treats it as ${column.type}` : 'missing from Ballast report'}`);
      continue;
    }
    if (column.drifted !== theirs.drifted)
      columnDisagreements.push(`${theirs.name}: Ballast drifted=${column.drifted}, scipy drifted=${theirs.drifted}`);
    if (column.n_reference !== theirs.n_reference || column.n_current !== theirs.n_current) {
      columnDisagreements.push(
        `${theirs.name}: counts ${column.n_reference}/${column.n_current} vs scipy ${theirs.n_reference}/${theirs.n_current}`,
      );
    }
    pairs.push([column, metrics, theirs]);
  }
  for (const column of report.columns) {
    if (!scipy.some((c) => c.name === column.name)) columnDisagreements.push(`${column.name}: not in the scipy peer's output`);
  }

  const metrics = SCIPY_METRICS.map(({ metric, required, ours: pickOurs, theirs: pickTheirs }) => {
    let maxRelativeDifference = 0;
    const disagreements: string[] = [];
    for (const [column, columnMetrics, theirs] of pairs) {
      const a = pickOurs(column, columnMetrics);
      const b = pickTheirs(theirs);
      if (a === null || b === null) {
        if (a !== b) disagreements.push(`${column.name}: Ballast ${a}, scipy ${b}`);
        continue;
      }
      const difference = relativeDifference(a, b);
      maxRelativeDifference = Math.max(maxRelativeDifference, difference);
      if (!(difference <= tolerance))
        disagreements.push(`${column.name}: Ballast ${a}, scipy ${b} (relative difference ${difference.toExponential(2)})`);
    }
    return { metric, required, maxRelativeDifference, disagreements };
  });
  const agrees = columnDisagreements.length === 0 && metrics.every((m) => !m.required || m.disagreements.length === 0);
  return { metrics, columnDisagreements, agrees };
}

/**
 * Evidently's scores against scipy's Wasserstein distance divided the way Evidently divides it: by
 * the reference's standard deviation floored at 0.001 (its wasserstein_distance_norm stat test), so
 * on a column whose spread is below 0.001 its score is smaller than W / std.
 */
export const EVIDENTLY_STD_FLOOR = 0.001;

export function compareEvidentlyScores(evidently: readonly EvidentlyColumn[], scipy: readonly ScipyColumn[]): MetricAgreement {
  const byName = new Map(scipy.map((column) => [column.name, column]));
  let maxRelativeDifference = 0;
  const disagreements: string[] = [];
  for (const column of evidently) {
    const peer = byName.get(column.name);
    const theirs = peer && peer.wasserstein / Math.max(peer.reference_std, EVIDENTLY_STD_FLOOR);
    if (!column.method.startsWith('Wasserstein') || theirs === undefined) {
      disagreements.push(`${column.name}: Evidently used ${column.method}`);
      continue;
    }
    const difference = relativeDifference(column.score, theirs);
    maxRelativeDifference = Math.max(maxRelativeDifference, difference);
    if (!(difference <= TOLERANCE)) disagreements.push(`${column.name}: Evidently ${column.score}, scipy ${theirs}`);
  }
  return { metric: 'Evidently score vs scipy Wasserstein / max(ref. std, 0.001)', required: false, maxRelativeDifference, disagreements };
}

/** Which columns a side called drifted, against the columns the generator made drift. */
export function scoreDecisions(drifted: readonly string[], expected: readonly string[]): { missed: string[]; falseAlarms: string[] } {
  return {
    missed: expected.filter((name) => !drifted.includes(name)),
    falseAlarms: drifted.filter((name) => !expected.includes(name)),
  };
}
