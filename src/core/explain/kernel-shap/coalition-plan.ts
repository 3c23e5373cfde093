import type { SeededRandom } from '../../model-tests/seeded-random.ts';

/**
 * The coalitions KernelSHAP evaluates for one row, chosen as shap's KernelExplainer chooses them
 * (Lundberg & Lee 2017, §4.1; shap/explainers/_kernel.py):
 *
 * - A coalition of size s gets the Shapley kernel weight (M−1) / (C(M,s)·s·(M−s)); summed over the
 *   C(M,s) coalitions of that size, size s carries (M−1) / (s·(M−s)). Sizes s and M−s are paired: they
 *   carry the same weight, so the plan walks s = 1 … ⌈(M−1)/2⌉ and adds each coalition with its complement.
 * - Sizes are taken from the outside in (1 and M−1 first: few coalitions, the most weight each). A size is
 *   enumerated in full when the budget left, spread by the weight left, gives each of its coalitions at
 *   least one sample; the first size that does not fit ends the enumeration.
 * - The rest of the budget is sampled: a size drawn by its share of the weight left, a uniform coalition of
 *   that size, and its complement with it (paired sampling halves the variance of the estimate; Covert &
 *   Lee 2021). A coalition drawn again adds one to its weight instead of a row. The sampled weights are
 *   then scaled to the weight the enumerated sizes left.
 * - The empty and the full coalition are not in the plan: the base value and the model's output pin them
 *   (the regression has no intercept, and the efficiency constraint fixes the sum).
 *
 * With a budget of 2^M − 2 every coalition is enumerated and the solution is the exact Shapley values.
 * Only the random stream differs from shap's (xoshiro128** instead of numpy's), so sampled plans are
 * equal in distribution, not coalition for coalition.
 */
export interface CoalitionPlan {
  /** Features (M) the coalitions are over. */
  readonly featureCount: number;
  /** coalitionCount × M, row-major: 1 where the feature takes the explained row's value. */
  readonly masks: Uint8Array;
  /** One kernel weight per coalition. */
  readonly weights: Float64Array;
  readonly coalitionCount: number;
  /** Coalitions that came from enumerating whole sizes (they come first). */
  readonly enumerated: number;
}

/** Budgets above this cap are not needed: 2^30 coalitions are beyond any model's patience. */
const MAX_BUDGET = 2 ** 30;

/** The number of coalitions shap evaluates for M features and a requested `samples`: at most 2^M − 2. */
export function coalitionBudget(featureCount: number, samples: number): number {
  const all = featureCount <= 30 ? 2 ** featureCount - 2 : MAX_BUDGET;
  return Math.min(samples, all);
}

export function planCoalitions(featureCount: number, samples: number, random: SeededRandom): CoalitionPlan {
  const m = featureCount;
  if (!Number.isInteger(m) || m < 2) throw new RangeError(`a coalition plan needs at least 2 features, got ${m}`);
  if (!Number.isInteger(samples) || samples < 1)
    throw new RangeError(`a coalition plan needs a whole number of samples ≥ 1, got ${samples}`);
  const budget = coalitionBudget(m, samples);
  const builder = new PlanBuilder(m, budget);

  const sizeCount = Math.ceil((m - 1) / 2);
  const pairedCount = Math.floor((m - 1) / 2);
  const sizeWeights = new Float64Array(sizeCount);
  for (let s = 1; s <= sizeCount; s++) sizeWeights[s - 1] = ((m - 1) / (s * (m - s))) * (s <= pairedCount ? 2 : 1);
  normalise(sizeWeights);

  let fullSizes = 0;
  let left = budget;
  const remaining = Float64Array.from(sizeWeights);
  for (let s = 1; s <= sizeCount; s++) {
    const coalitions = binomial(m, s) * (s <= pairedCount ? 2 : 1);
    // shap's test, tolerance included: whole sizes are enumerated only when every coalition gets a sample.
    if ((left * remaining[s - 1]!) / coalitions < 1 - 1e-8) break;
    fullSizes++;
    left -= coalitions;
    if (remaining[s - 1]! < 1) {
      const rest = 1 - remaining[s - 1]!;
      for (let i = 0; i < sizeCount; i++) remaining[i]! /= rest;
    }
    let weight = sizeWeights[s - 1]! / binomial(m, s);
    if (s <= pairedCount) weight /= 2;
    forEachSubset(m, s, (members) => {
      builder.add(members, false, weight);
      if (s <= pairedCount) builder.add(members, true, weight);
    });
  }
  const enumerated = builder.count;

  if (fullSizes !== sizeCount && builder.count < budget) sampleRest(builder, m, fullSizes, pairedCount, sizeWeights, random);
  return builder.finish(enumerated);
}

/** Paired random coalitions of the sizes not enumerated, until the budget is spent (or 4× as many draws). */
function sampleRest(
  builder: PlanBuilder,
  m: number,
  fullSizes: number,
  pairedCount: number,
  sizeWeights: Float64Array,
  random: SeededRandom,
): void {
  const sampledFrom = builder.count;
  const draw = Float64Array.from(sizeWeights, (w, i) => (i < pairedCount ? w / 2 : w)).slice(fullSizes);
  normalise(draw);
  const cumulative = new Float64Array(draw.length);
  let total = 0;
  draw.forEach((w, i) => (cumulative[i] = total += w));
  const seen = new Map<string, number>();
  const order = Int32Array.from({ length: m }, (_, i) => i);
  let samplesLeft = builder.budget - builder.count;
  // shap draws 4 × the samples left: a plan with many repeats stops there rather than loop for ever.
  for (let drawn = 0, draws = 4 * samplesLeft; samplesLeft > 0 && drawn < draws; drawn++) {
    const size = fullSizes + 1 + pickIndex(cumulative, random.nextFloat());
    // A uniform subset of `size` features: the first `size` places of a partial Fisher–Yates shuffle.
    for (let i = 0; i < size; i++) {
      const j = i + random.nextInt(m - i);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    const members = Array.from(order.subarray(0, size)).sort((a, b) => a - b);
    const key = members.join(',');
    const at = seen.get(key);
    const paired = size <= pairedCount;
    if (at === undefined) {
      seen.set(key, builder.count);
      builder.add(members, false, 1);
      samplesLeft--;
      if (samplesLeft > 0 && paired) {
        builder.add(members, true, 1);
        samplesLeft--;
      }
    } else {
      builder.bump(at);
      // The complement was added right after its coalition (when there was room for it).
      if (samplesLeft > 0 && paired && at + 1 < builder.count) builder.bump(at + 1);
    }
  }
  let weightLeft = 0;
  for (let i = fullSizes; i < sizeWeights.length; i++) weightLeft += sizeWeights[i]!;
  builder.scaleFrom(sampledFrom, weightLeft);
}

class PlanBuilder {
  count = 0;
  private readonly masks: Uint8Array;
  private readonly weights: Float64Array;

  constructor(
    readonly m: number,
    readonly budget: number,
  ) {
    this.masks = new Uint8Array(budget * m);
    this.weights = new Float64Array(budget);
  }

  add(members: readonly number[], complement: boolean, weight: number): void {
    const offset = this.count * this.m;
    if (complement) this.masks.fill(1, offset, offset + this.m);
    for (const f of members) this.masks[offset + f] = complement ? 0 : 1;
    this.weights[this.count++] = weight;
  }

  bump(index: number): void {
    this.weights[index]! += 1;
  }

  /** Scales the weights from `first` on so they sum to `total`. */
  scaleFrom(first: number, total: number): void {
    let sum = 0;
    for (let i = first; i < this.count; i++) sum += this.weights[i]!;
    if (sum > 0) for (let i = first; i < this.count; i++) this.weights[i]! *= total / sum;
  }

  finish(enumerated: number): CoalitionPlan {
    return {
      featureCount: this.m,
      masks: this.masks.subarray(0, this.count * this.m),
      weights: this.weights.subarray(0, this.count),
      coalitionCount: this.count,
      enumerated,
    };
  }
}

/** Calls `visit` with every s-subset of 0 … m−1 in lexicographic order (itertools.combinations' order). */
function forEachSubset(m: number, s: number, visit: (members: readonly number[]) => void): void {
  const members = Array.from({ length: s }, (_, i) => i);
  for (;;) {
    visit(members);
    let i = s - 1;
    while (i >= 0 && members[i] === m - s + i) i--;
    if (i < 0) return;
    members[i]!++;
    for (let j = i + 1; j < s; j++) members[j] = members[j - 1]! + 1;
  }
}

function pickIndex(cumulative: Float64Array, u: number): number {
  const target = u * cumulative[cumulative.length - 1]!;
  for (let i = 0; i < cumulative.length; i++) if (target < cumulative[i]!) return i;
  return cumulative.length - 1;
}

function normalise(values: Float64Array): void {
  let sum = 0;
  for (const v of values) sum += v;
  for (let i = 0; i < values.length; i++) values[i]! /= sum;
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}
