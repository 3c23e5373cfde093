import type { ExplainBatch } from '../explanation.ts';
import type { CellValue, CounterfactualConstraints } from './counterfactual.ts';
import { changeCost, robustScale } from './distance.ts';

/** One model input as the search needs it. */
export interface FeatureInfo {
  readonly name: string;
  /** Category codes or strings: candidates are the categories seen, each change costs 1. */
  readonly categorical: boolean;
  /** The batch holds its values as strings (a string feature), not numbers. */
  readonly text?: boolean;
  /** Candidates must be whole numbers. */
  readonly integer: boolean;
  /** The contract's rule for the column, values in the batch's form (codes for coded categories). */
  readonly allowed?: { readonly min?: number; readonly max?: number; readonly values?: readonly CellValue[] };
}

/** What the training reference says of each feature: its range, spread, quantiles, categories seen. */
export type ReferenceFacts =
  | { readonly kind: 'numeric'; readonly min: number; readonly max: number; readonly scale: number; readonly quantiles: readonly number[] }
  | { readonly kind: 'categorical'; readonly seen: readonly CellValue[] };

/** Quantiles the model-agnostic search tries: every 5% plus both ends. */
const QUANTILE_STEPS = 20;

export function referenceFacts(features: readonly FeatureInfo[], reference: ExplainBatch): ReferenceFacts[] {
  return features.map((feature, f) => {
    const column = reference.columns[f]!;
    if (feature.categorical || !(column instanceof Float64Array)) {
      const seen = new Set<CellValue>();
      for (let row = 0; row < reference.rowCount; row++) {
        const value = column[row] ?? null;
        if (value !== null && !(typeof value === 'number' && Number.isNaN(value))) seen.add(value);
      }
      return { kind: 'categorical', seen: [...seen].sort((a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0)) };
    }
    const present = Array.from(column).filter((v) => !Number.isNaN(v));
    present.sort((a, b) => a - b);
    const quantiles = new Set<number>();
    for (let step = 0; step <= QUANTILE_STEPS && present.length > 0; step++) {
      const position = (step / QUANTILE_STEPS) * (present.length - 1);
      const below = Math.floor(position);
      const value = present[below]! + (present[Math.min(below + 1, present.length - 1)]! - present[below]!) * (position - below);
      quantiles.add(feature.integer ? Math.round(value) : value);
    }
    return {
      kind: 'numeric',
      min: present[0] ?? Number.NaN,
      max: present[present.length - 1] ?? Number.NaN,
      scale: robustScale(present),
      quantiles: [...quantiles],
    };
  });
}

/** Which limits to apply; the search lifts one at a time to say which of them stopped it. */
export interface Relaxations {
  readonly immutable?: boolean;
  readonly directions?: boolean;
  readonly ranges?: boolean;
}

/** The values one feature may take in a counterfactual, nearest first, or why it may not change. */
export interface FeatureDomain {
  readonly candidates: readonly CellValue[];
  readonly costs: readonly number[];
  /** MAD scale for numeric features, undefined for categorical ones. */
  readonly scale: number | undefined;
  /** Why there is nothing to change it to, when `candidates` is empty. */
  readonly blocked: 'immutable' | 'direction' | 'range' | 'unused' | null;
}

/**
 * Candidate values per feature for one original row: the tree's threshold candidates when given
 * (`thresholds[f]`), else the reference's quantiles (categorical: the categories seen in training),
 * kept only where the constraints allow — immutable features get none, a direction keeps one side,
 * numbers stay inside both the reference's range and the contract's, categories inside the contract's
 * values — and sorted by their cost from the original value.
 */
export function featureDomains(
  features: readonly FeatureInfo[],
  facts: readonly ReferenceFacts[],
  original: readonly CellValue[],
  constraints: CounterfactualConstraints,
  thresholds: readonly (readonly number[])[] | undefined,
  relax: Relaxations = {},
): FeatureDomain[] {
  return features.map((feature, f) => {
    const fact = facts[f]!;
    const from = original[f] ?? null;
    const scale = fact.kind === 'numeric' ? fact.scale : undefined;
    if (!relax.immutable && constraints.immutable.has(f)) return { candidates: [], costs: [], scale, blocked: 'immutable' };
    let pool: CellValue[];
    if (fact.kind === 'categorical') {
      const allowedValues = relax.ranges ? undefined : feature.allowed?.values;
      pool = fact.seen.filter((value) => value !== from && (allowedValues === undefined || allowedValues.includes(value)));
      return domain(pool, pool.length === 0 ? (fact.seen.length > 1 ? 'range' : 'unused') : null, from, scale);
    }
    const low = Math.max(fact.min, feature.allowed?.min ?? -Infinity);
    const high = Math.min(fact.max, feature.allowed?.max ?? Infinity);
    const base = thresholds?.[f] ?? fact.quantiles;
    if (base.length === 0) return { candidates: [], costs: [], scale, blocked: 'unused' };
    // The bounds themselves too: the interval between two thresholds that holds a bound is reachable
    // at the bound even when its value nearest the threshold lies outside the plausible range.
    const bounds = relax.ranges ? [] : [feature.integer ? Math.ceil(low) : low, feature.integer ? Math.floor(high) : high];
    let values = [...new Set([...base, ...bounds.filter((b) => Number.isFinite(b) && b <= high && b >= low)])].filter(
      (value) => value !== from,
    );
    const direction = constraints.directions.get(f);
    const before = values.length;
    if (!relax.directions && direction !== undefined && typeof from === 'number' && !Number.isNaN(from)) {
      values = values.filter((value) => (direction === 'increase' ? value > from : value < from));
    }
    if (values.length === 0) return { candidates: [], costs: [], scale, blocked: before > 0 ? 'direction' : 'unused' };
    const afterDirection = values.length;
    if (!relax.ranges) values = values.filter((value) => value >= low && value <= high);
    pool = values;
    return domain(pool, afterDirection > 0 && pool.length === 0 ? 'range' : null, from, scale);
  });
}

function domain(pool: CellValue[], blocked: FeatureDomain['blocked'], from: CellValue, scale: number | undefined): FeatureDomain {
  const costed = pool.map((value) => ({ value, cost: changeCost(from, value, scale) }));
  costed.sort((a, b) => a.cost - b.cost);
  return { candidates: costed.map((c) => c.value), costs: costed.map((c) => c.cost), scale, blocked: pool.length === 0 ? blocked : null };
}
