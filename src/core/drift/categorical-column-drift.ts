import { plural } from '../format-numbers.ts';
import { chiSquareHomogeneity } from './chi-square.ts';
import type { CategoricalDriftMetrics, ColumnDrift } from './drift-report.ts';
import { jensenShannonDistance } from './jensen-shannon.ts';
import { populationStabilityIndex } from './psi.ts';
import { totalVariationDistance, TVD_DEFAULT_THRESHOLD } from './total-variation.ts';

/** Categories beyond this many are pooled into "(other)": a test over thousands of sparse cells says little. */
const MAX_CATEGORY_BUCKETS = 100;
const OTHER_BUCKET = '(other)';

export interface CategoricalColumnInput {
  readonly name: string;
  /** Counts per category (present values only). */
  readonly reference: ReadonlyMap<string, number>;
  readonly current: ReadonlyMap<string, number>;
  /** Present values the counts do not itemise (a summary that kept only its most frequent items). */
  readonly otherReference?: number;
  readonly otherCurrent?: number;
  readonly missingReference: number;
  readonly missingCurrent: number;
  /** Effect-size threshold on the total variation distance. */
  readonly threshold?: number;
  readonly maxBuckets?: number;
  readonly notes?: readonly string[];
}

export interface CategoryBuckets {
  readonly names: string[];
  readonly reference: number[];
  readonly current: number[];
  /** Categories of the current data that the reference never had. */
  readonly newCategories: string[];
}

/**
 * The cells of the 2 x k table: reference categories by falling frequency, then categories only the
 * current data has (they are what a chi-square test should notice), pooling the rarest into "(other)"
 * when there are too many to keep apart.
 */
function categoryBuckets(input: CategoricalColumnInput): CategoryBuckets {
  const max = input.maxBuckets ?? MAX_CATEGORY_BUCKETS;
  const byCount = (counts: ReadonlyMap<string, number>) =>
    [...counts]
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([name]) => name);
  const referenceNames = byCount(input.reference);
  const newCategories = byCount(input.current).filter((name) => !input.reference.has(name) || input.reference.get(name) === 0);
  let names = [...referenceNames, ...newCategories];
  const otherReference = input.otherReference ?? 0;
  const otherCurrent = input.otherCurrent ?? 0;
  const needsOther = names.length > max || otherReference > 0 || otherCurrent > 0;
  if (names.length > max) names = names.slice(0, max - 1);
  const kept = new Set(names);
  const reference = names.map((name) => input.reference.get(name) ?? 0);
  const current = names.map((name) => input.current.get(name) ?? 0);
  if (needsOther) {
    names.push(OTHER_BUCKET);
    reference.push(otherReference + sumOutside(input.reference, kept));
    current.push(otherCurrent + sumOutside(input.current, kept));
  }
  return { names, reference, current, newCategories };
}

function sumOutside(counts: ReadonlyMap<string, number>, kept: ReadonlySet<string>): number {
  let sum = 0;
  for (const [name, n] of counts) if (!kept.has(name)) sum += n;
  return sum;
}

const EMPTY_METRICS: CategoricalDriftMetrics = { chi2: { statistic: null, p_value: null }, psi: null, jensen_shannon: null, tvd: null };

/**
 * Every statistic of a categorical column; the chi-square p-value is corrected later by `decideDrift`.
 * The effect size that decides is the total variation distance: the share of rows that would have to
 * change category to turn one distribution into the other, which is what a reader sees in the bars
 * (55% → 68% True is 0.13). Jensen–Shannon compresses such moderate shifts (that one is 0.091) and
 * missed them at the same 0.1 threshold; it stays in the metrics.
 */
export function assessCategoricalColumn(input: CategoricalColumnInput): ColumnDrift {
  const threshold = input.threshold ?? TVD_DEFAULT_THRESHOLD;
  const buckets = categoryBuckets(input);
  const notes = [...(input.notes ?? [])];
  const nReference = buckets.reference.reduce((a, b) => a + b, 0);
  const nCurrent = buckets.current.reduce((a, b) => a + b, 0);
  if (buckets.newCategories.length > 0) {
    const shown = buckets.newCategories
      .slice(0, 5)
      .map((c) => JSON.stringify(c))
      .join(', ');
    notes.push(
      `${plural(buckets.newCategories.length, 'category', 'categories')} not in the reference: ${shown}${buckets.newCategories.length > 5 ? ', …' : ''}`,
    );
  }
  const base = {
    name: input.name,
    type: 'categorical' as const,
    n_reference: nReference,
    n_current: nCurrent,
    missing_reference: input.missingReference,
    missing_current: input.missingCurrent,
    drifted: false,
    method: 'chi2' as const,
    distribution: { bins: buckets.names, reference: buckets.reference, current: buckets.current },
  };
  if (nReference === 0 || nCurrent === 0) {
    notes.unshift(`not enough data: ${nReference === 0 ? 'the reference' : 'the current data'} has no values in this column`);
    return {
      ...base,
      statistic: null,
      p_value: null,
      p_value_raw: null,
      effect_size: { name: 'tvd', value: null, threshold },
      metrics: EMPTY_METRICS,
      note: notes.join('; '),
    };
  }
  const chi2 = chiSquareHomogeneity(buckets.reference, buckets.current);
  // One category on both sides: the distributions are the same, and no test is needed to say so.
  const statistic = chi2?.statistic ?? 0;
  const pValue = chi2?.pValue ?? 1;
  if (chi2 === undefined) notes.push('a single category on both sides: nothing to test');
  const tvd = totalVariationDistance(buckets.reference, buckets.current);
  const metrics: CategoricalDriftMetrics = {
    chi2: { statistic, p_value: pValue },
    psi: populationStabilityIndex(buckets.reference, buckets.current),
    jensen_shannon: jensenShannonDistance(buckets.reference, buckets.current),
    tvd,
  };
  return {
    ...base,
    statistic,
    p_value: pValue,
    p_value_raw: pValue,
    effect_size: { name: 'tvd', value: tvd, threshold },
    metrics,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}
