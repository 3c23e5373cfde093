import { BallastError } from '../errors.ts';
import { allRows, metricOfRows, type MetricRows } from '../model-tests/metric-rows.ts';
import { checkSeed, SeededRandom } from '../model-tests/seeded-random.ts';
import type { ScoredRows } from '../model-tests/suite-types.ts';
import { METRICS, type MetricName } from '../performance/metric-registry.ts';
import type { ExplainBatch } from './explanation.ts';

/**
 * Permutation importance (Breiman 2001; scikit-learn's sklearn.inspection.permutation_importance): how much a
 * metric of the model on labelled data gets worse when one feature's column is shuffled, which breaks the
 * feature's link to the label while keeping its distribution. Each feature is shuffled `repeats` times; its
 * importance is the mean of (baseline − permuted) for a metric where higher is better and (permuted −
 * baseline) for a loss — the same number sklearn gives with its `neg_*` scorers —, with the population
 * standard deviation (numpy's std) over the repeats.
 *
 * Metrics are the registry's (src/core/performance/metric-registry.ts), computed by metric-rows.ts, which is
 * tested equal to it. It measures what the model relies on for this data, not what the data says: two
 * correlated features share the importance between them, and a feature the model ignores scores 0.
 */
export interface PermutationImportanceInput {
  /** The data's model inputs, column-major in signature order. */
  readonly batch: ExplainBatch;
  readonly featureNames: readonly string[];
  /** Class indexes into the model's classes for a classifier, numbers for a regressor. */
  readonly labels: Int32Array | Float64Array;
  readonly metric: MetricName;
  readonly repeats: number;
  /** The model's answers on a batch (the data as it is, or with one column shuffled). */
  readonly score: (batch: ExplainBatch) => Promise<ScoredRows>;
  readonly permutations: PermutationSource;
}

/**
 * The row order of one shuffle: repeat `repeat` of feature `feature` reads row permutation[i] at row i.
 * Injected so a test can replay scikit-learn's own shuffles.
 */
export type PermutationSource = (feature: number, repeat: number, rows: number) => Int32Array;

export interface PermutedFeature {
  readonly feature: string;
  readonly importanceMean: number;
  readonly importanceStd: number;
  /** One importance per repeat. */
  readonly importances: readonly number[];
  /** 1 for the largest mean importance; ties keep the signature's order. */
  readonly rank: number;
}

export interface PermutationImportance {
  readonly metric: MetricName;
  readonly higherIsBetter: boolean;
  readonly baseline: number;
  readonly repeats: number;
  readonly rows: number;
  /** Most important first. */
  readonly features: readonly PermutedFeature[];
}

/** At most this many repeats: each one scores the whole data once per feature. */
export const MAX_PERMUTATION_REPEATS = 1000;

export async function permutationImportance(input: PermutationImportanceInput): Promise<PermutationImportance> {
  const { batch, labels, metric, repeats } = input;
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > MAX_PERMUTATION_REPEATS) {
    throw new BallastError('invalid_argument', `repeats must be a whole number from 1 to ${MAX_PERMUTATION_REPEATS}, got ${repeats}`);
  }
  if (batch.rowCount < 2)
    throw new BallastError('invalid_argument', `permutation importance needs at least 2 labelled rows, got ${batch.rowCount}`);
  const higherIsBetter = METRICS[metric].higherIsBetter;
  const every = allRows(batch.rowCount);
  const measure = async (scored: ScoredRows) => metricOfRows(metric, metricRows(scored, labels, metric), every);
  const baseline = await measure(await input.score(batch));
  const measured: Omit<PermutedFeature, 'rank'>[] = [];
  for (let feature = 0; feature < batch.columns.length; feature++) {
    const importances: number[] = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      const order = input.permutations(feature, repeat, batch.rowCount);
      const permuted = await measure(await input.score(withShuffledColumn(batch, feature, order)));
      importances.push(higherIsBetter ? baseline - permuted : permuted - baseline);
    }
    const mean = importances.reduce((a, b) => a + b, 0) / repeats;
    const std = Math.sqrt(importances.reduce((a, b) => a + (b - mean) ** 2, 0) / repeats);
    measured.push({ feature: input.featureNames[feature]!, importanceMean: mean, importanceStd: std, importances });
  }
  const order = measured.map((_, i) => i).sort((a, b) => measured[b]!.importanceMean - measured[a]!.importanceMean || a - b);
  return {
    metric,
    higherIsBetter,
    baseline,
    repeats,
    rows: batch.rowCount,
    features: order.map((i, position) => ({ ...measured[i]!, rank: position + 1 })),
  };
}

/**
 * Ballast's own shuffles: uniform (Fisher–Yates) and independent per repeat, drawn from a generator seeded by
 * the seed and the feature's name, so a feature's shuffles do not depend on which other features the model has.
 */
export function seededPermutations(seed: number, featureNames: readonly string[]): PermutationSource {
  const generators = new Map<number, SeededRandom>();
  return (feature, _repeat, rows) => {
    let random = generators.get(feature);
    if (random === undefined) generators.set(feature, (random = new SeededRandom(checkSeed(seed, featureNames[feature]!))));
    const order = Int32Array.from({ length: rows }, (_, i) => i);
    for (let i = rows - 1; i > 0; i--) {
      const j = random.nextInt(i + 1);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    return order;
  };
}

function withShuffledColumn(batch: ExplainBatch, feature: number, order: Int32Array): ExplainBatch {
  const column = batch.columns[feature]!;
  const shuffled = column instanceof Float64Array ? new Float64Array(order.length) : new Array<string | null>(order.length);
  for (let i = 0; i < order.length; i++) shuffled[i] = column[order[i]!]!;
  return {
    rowCount: batch.rowCount,
    columns: batch.columns.map((c, f) => (f === feature ? (shuffled as Float64Array | (string | null)[]) : c)),
  };
}

function metricRows(scored: ScoredRows, labels: Int32Array | Float64Array, metric: MetricName): MetricRows {
  const task = METRICS[metric].task;
  if (scored.kind !== task) {
    throw new BallastError(
      'invalid_argument',
      `${metric} is a ${task} metric, and the model is a ${scored.kind === 'regression' ? 'regressor' : 'classifier'}`,
    );
  }
  if (scored.kind === 'classification') {
    return {
      task: 'classification',
      k: scored.classes.length,
      truth: labels as Int32Array,
      predicted: scored.labelIndex,
      probabilities: scored.probabilities,
    };
  }
  return { task: 'regression', truth: labels as Float64Array, predicted: scored.values };
}
