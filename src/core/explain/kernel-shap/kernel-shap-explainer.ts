import { BallastError } from '../../errors.ts';
import { SeededRandom } from '../../model-tests/seeded-random.ts';
import type { BatchExplanation, ExplainBatch, ExplanationSpace, ModelExplainer, PredictOutputs } from '../explanation.ts';
import { planCoalitions, type CoalitionPlan } from './coalition-plan.ts';
import { solveKernelShap } from './kernel-solve.ts';
import { varyingFeatures } from './varying-features.ts';

export interface KernelShapOptions {
  /**
   * Coalitions evaluated per row (shap's `nsamples`); at most 2^M − 2 are used, which is every coalition
   * and gives the exact Shapley values. Default: shap's 2·M + 2048.
   */
  readonly samples?: number;
  /** The seed of the coalition draws: the same seed, background and row give the same explanation. */
  readonly seed?: number;
}

/** Coalitions a budget may ask for: each one is a row of masks in memory and background-rows model rows to score. */
const MAX_KERNEL_SAMPLES = 1_000_000;

/** Coalition rows scored per model call: bounds the memory of one call whatever the budget and background. */
const ROWS_PER_CALL = 65_536;

/** shap's default budget for M varying features. */
export function defaultKernelSamples(featureCount: number): number {
  return 2 * featureCount + 2048;
}

/**
 * KernelSHAP (Lundberg & Lee 2017) as shap's KernelExplainer computes it, without its optional L1 feature
 * selection: for each row, the features that differ from the background, a plan of coalitions
 * (coalition-plan.ts), each coalition's mean output over the background with its features set to the row's
 * values, and the weighted least squares fit with the efficiency constraint (kernel-solve.ts). The base
 * value is the background's mean output; contributions add up to the row's output minus it exactly.
 *
 * Each row draws from its own generator seeded by `seed`, so a row's explanation does not depend on the
 * other rows of the batch it comes in.
 */
export function createKernelShapExplainer(
  predict: PredictOutputs,
  background: ExplainBatch,
  outputCount: number,
  space: ExplanationSpace,
  options: KernelShapOptions = {},
): ModelExplainer {
  if (background.rowCount === 0) throw new BallastError('invalid_argument', 'KernelSHAP needs at least one background row');
  const samples = options.samples;
  if (samples !== undefined && !(Number.isInteger(samples) && samples >= 1 && samples <= MAX_KERNEL_SAMPLES)) {
    throw new BallastError('invalid_argument', `KernelSHAP samples must be a whole number from 1 to ${MAX_KERNEL_SAMPLES}, got ${samples}`);
  }
  const seed = options.seed ?? 0;
  let baseValues: Promise<Float64Array> | undefined;
  return {
    method: 'kernel_shap',
    space,
    explain: async (batch) => {
      // Computed once per explainer; a failed model call is not remembered, the next explain tries again.
      baseValues ??= meanOutputs(predict, background, outputCount).catch((error: unknown) => {
        baseValues = undefined;
        throw error;
      });
      return explainKernel(predict, background, outputCount, space, batch, await baseValues, samples, seed);
    },
  };
}

async function explainKernel(
  predict: PredictOutputs,
  background: ExplainBatch,
  outputCount: number,
  space: ExplanationSpace,
  batch: ExplainBatch,
  baseValues: Float64Array,
  samples: number | undefined,
  seed: number,
): Promise<BatchExplanation> {
  const featureCount = background.columns.length;
  const contributions = new Float64Array(batch.rowCount * outputCount * featureCount);
  const outputs = batch.rowCount === 0 ? new Float64Array(0) : await predict(batch);
  for (let row = 0; row < batch.rowCount; row++) {
    const varying = varyingFeatures(background, batch, row);
    const at = (o: number, feature: number) => (row * outputCount + o) * featureCount + feature;
    if (varying.length === 1) {
      // One feature that varies takes the whole difference, as shap gives it.
      for (let o = 0; o < outputCount; o++) contributions[at(o, varying[0]!)] = outputs[row * outputCount + o]! - baseValues[o]!;
    }
    if (varying.length < 2) continue;
    const m = varying.length;
    const plan = planCoalitions(m, samples ?? defaultKernelSamples(m), new SeededRandom(seed));
    const values = await coalitionMeans(predict, background, outputCount, batch, row, varying, plan);
    const perOutput = new Float64Array(plan.coalitionCount);
    for (let o = 0; o < outputCount; o++) {
      for (let k = 0; k < plan.coalitionCount; k++) perOutput[k] = values[k * outputCount + o]! - baseValues[o]!;
      const phi = solveKernelShap(plan.masks, plan.weights, perOutput, m, outputs[row * outputCount + o]! - baseValues[o]!);
      varying.forEach((feature, i) => (contributions[at(o, feature)] = phi[i]!));
    }
  }
  return { method: 'kernel_shap', space, rowCount: batch.rowCount, featureCount, outputCount, baseValues, contributions, outputs };
}

async function meanOutputs(predict: PredictOutputs, background: ExplainBatch, outputCount: number): Promise<Float64Array> {
  const scored = await predict(background);
  const means = new Float64Array(outputCount);
  for (let r = 0; r < background.rowCount; r++) for (let o = 0; o < outputCount; o++) means[o]! += scored[r * outputCount + o]!;
  for (let o = 0; o < outputCount; o++) means[o]! /= background.rowCount;
  return means;
}

/** Each coalition's mean output over the background: coalitionCount × outputCount. */
async function coalitionMeans(
  predict: PredictOutputs,
  background: ExplainBatch,
  outputCount: number,
  batch: ExplainBatch,
  row: number,
  varying: readonly number[],
  plan: CoalitionPlan,
): Promise<Float64Array> {
  const backgroundRows = background.rowCount;
  const values = new Float64Array(plan.coalitionCount * outputCount);
  const perCall = Math.max(1, Math.floor(ROWS_PER_CALL / backgroundRows));
  for (let first = 0; first < plan.coalitionCount; first += perCall) {
    const last = Math.min(plan.coalitionCount, first + perCall);
    const scored = await predict(coalitionBatch(background, batch, row, varying, plan, first, last));
    for (let k = first; k < last; k++) {
      for (let r = 0; r < backgroundRows; r++) {
        const at = ((k - first) * backgroundRows + r) * outputCount;
        for (let o = 0; o < outputCount; o++) values[k * outputCount + o]! += scored[at + o]!;
      }
      for (let o = 0; o < outputCount; o++) values[k * outputCount + o]! /= backgroundRows;
    }
  }
  return values;
}

/** The background once per coalition in [first, last), the coalition's features taken from the row. */
function coalitionBatch(
  background: ExplainBatch,
  batch: ExplainBatch,
  row: number,
  varying: readonly number[],
  plan: CoalitionPlan,
  first: number,
  last: number,
): ExplainBatch {
  const backgroundRows = background.rowCount;
  const rowCount = (last - first) * backgroundRows;
  const m = plan.featureCount;
  const slot = new Map(varying.map((feature, i) => [feature, i]));
  const columns = background.columns.map((column, feature) => {
    const own = batch.columns[feature]![row]!;
    const i = slot.get(feature);
    const out = column instanceof Float64Array ? new Float64Array(rowCount) : new Array<string | null>(rowCount);
    for (let k = first; k < last; k++) {
      const base = (k - first) * backgroundRows;
      const fromRow = i !== undefined && plan.masks[k * m + i] === 1;
      for (let r = 0; r < backgroundRows; r++) out[base + r] = fromRow ? own : column[r]!;
    }
    return out as Float64Array | (string | null)[];
  });
  return { rowCount, columns };
}
