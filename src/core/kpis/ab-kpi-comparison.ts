import { meanDifferenceInterval, rateDifferenceInterval, type DifferenceInterval } from './ab-difference-interval.ts';
import { meanEffectSize, minSamplePerVariant, rateEffectSize } from './ab-sample-size.ts';
import type { KpiVersionComparison } from './kpi-accumulator.ts';

/** What the A/B analysis adds to a KPI compared between stable (a) and the variant (b). */
export interface AbKpiVerdict {
  /** b − a with its 95% interval (null where the data cannot bound it). */
  readonly ci: DifferenceInterval | null;
  /**
   * The smallest difference worth finding, in the KPI's own unit: for a rate the `effect` asked for
   * (0.02 = two percentage points); for a mean (or a sum per prediction) that share of stable's value
   * (0.02 = 2% of it), so one number fits KPIs of any unit. Null when stable has no value to scale.
   */
  readonly effect: number | null;
  /** Rows each variant needs to find `effect` at α = 0.05 with power 0.8 (ab-sample-size.ts); null when it cannot be said. */
  readonly minSamplePerVariant: number | null;
  /** Both variants have at least that many rows: only then does a p-value above 0.05 say "no effect of that size". */
  readonly enoughData: boolean;
}

/**
 * The interval of the difference and the sample each variant needs, from the same samples the KPI's
 * test read. A rate's baseline is stable's rate; a mean's spread is both variants' (Welch's form).
 */
export function abKpiVerdict(comparison: KpiVersionComparison, effect: number): AbKpiVerdict {
  const { a, b } = comparison.samples;
  let ci: DifferenceInterval | null = null;
  let absolute: number | null = null;
  let d: number | null = null;
  if (a.kind === 'rate' && b.kind === 'rate') {
    ci = rateDifferenceInterval(a.events, a.rows, b.events, b.rows);
    absolute = effect;
    d = a.rows > 0 ? rateEffectSize(a.events / a.rows, effect) : null;
  } else if (a.kind === 'moments' && b.kind === 'moments') {
    ci = meanDifferenceInterval(a, b);
    absolute = a.count > 0 && a.mean !== 0 ? Math.abs(a.mean) * effect : null;
    d = absolute === null || a.count < 2 || b.count < 2 ? null : meanEffectSize(a.sampleVariance, b.sampleVariance, absolute);
  }
  const minimum = d === null ? null : minSamplePerVariant(d);
  const countOf = (side: typeof a) => (side.kind === 'rate' ? side.rows : side.count);
  return {
    ci,
    effect: absolute,
    minSamplePerVariant: minimum,
    enoughData: minimum !== null && countOf(a) >= minimum && countOf(b) >= minimum,
  };
}
