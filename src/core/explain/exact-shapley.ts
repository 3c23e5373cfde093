import { BallastError } from '../errors.ts';
import type { BatchExplanation, ExplainBatch, ExplanationSpace, ModelExplainer, PredictOutputs } from './explanation.ts';

/**
 * Exact interventional Shapley values (shap's ExactExplainer; Lundberg & Lee 2017, eq. 8): for every
 * coalition S of features, v(S) is the model's mean output over the background rows with the features
 * in S set to the explained row's values, and φ_i = Σ_{S ∌ i} |S|!(M−|S|−1)!/M! · (v(S ∪ {i}) − v(S)).
 * KernelSHAP converges to these values as its samples grow, which makes this the oracle its tests
 * check against, and the exact method for models with few features.
 *
 * Cost: 2^M × background rows scored per explained row, so M is capped.
 */
export const MAX_EXACT_FEATURES = 16;

/** Coalition rows scored per model call: bounds the memory of one call whatever M and the background. */
const ROWS_PER_CALL = 65_536;

export function createExactShapleyExplainer(
  predict: PredictOutputs,
  background: ExplainBatch,
  outputCount: number,
  space: ExplanationSpace,
): ModelExplainer {
  const featureCount = background.columns.length;
  if (featureCount > MAX_EXACT_FEATURES) {
    throw new BallastError(
      'invalid_argument',
      `exact Shapley values need 2^${featureCount} model calls per row; they are limited to ${MAX_EXACT_FEATURES} features (use kernel_shap)`,
    );
  }
  if (background.rowCount === 0) throw new BallastError('invalid_argument', 'exact Shapley values need at least one background row');
  return {
    method: 'exact_shapley',
    space,
    explain: (batch) => explainExact(predict, background, outputCount, space, batch),
  };
}

async function explainExact(
  predict: PredictOutputs,
  background: ExplainBatch,
  outputCount: number,
  space: ExplanationSpace,
  batch: ExplainBatch,
): Promise<BatchExplanation> {
  const featureCount = background.columns.length;
  const coalitions = 2 ** featureCount;
  const weights = shapleyWeights(featureCount);
  const contributions = new Float64Array(batch.rowCount * outputCount * featureCount);
  const outputs = new Float64Array(batch.rowCount * outputCount);
  const baseValues = new Float64Array(outputCount);
  for (let row = 0; row < batch.rowCount; row++) {
    const values = await coalitionValues(predict, background, outputCount, batch, row, coalitions);
    for (let o = 0; o < outputCount; o++) {
      baseValues[o] = values[o]!;
      outputs[row * outputCount + o] = values[(coalitions - 1) * outputCount + o]!;
    }
    for (let mask = 0; mask < coalitions; mask++) {
      const size = popCount(mask);
      for (let feature = 0; feature < featureCount; feature++) {
        const bit = 1 << feature;
        if ((mask & bit) !== 0) continue;
        const weight = weights[size]!;
        for (let o = 0; o < outputCount; o++) {
          const gain = values[(mask | bit) * outputCount + o]! - values[mask * outputCount + o]!;
          contributions[(row * outputCount + o) * featureCount + feature]! += weight * gain;
        }
      }
    }
  }
  return { method: 'exact_shapley', space, rowCount: batch.rowCount, featureCount, outputCount, baseValues, contributions, outputs };
}

/** v(S) for every coalition mask, coalitions × outputCount. */
async function coalitionValues(
  predict: PredictOutputs,
  background: ExplainBatch,
  outputCount: number,
  batch: ExplainBatch,
  row: number,
  coalitions: number,
): Promise<Float64Array> {
  const backgroundRows = background.rowCount;
  const values = new Float64Array(coalitions * outputCount);
  const perCall = Math.max(1, Math.floor(ROWS_PER_CALL / backgroundRows));
  for (let first = 0; first < coalitions; first += perCall) {
    const last = Math.min(coalitions, first + perCall);
    const scored = await predict(coalitionBatch(background, batch, row, first, last));
    for (let mask = first; mask < last; mask++) {
      for (let r = 0; r < backgroundRows; r++) {
        const at = ((mask - first) * backgroundRows + r) * outputCount;
        for (let o = 0; o < outputCount; o++) values[mask * outputCount + o]! += scored[at + o]!;
      }
      for (let o = 0; o < outputCount; o++) values[mask * outputCount + o]! /= backgroundRows;
    }
  }
  return values;
}

/** The background repeated once per coalition in [first, last), with the coalition's features taken from the row. */
function coalitionBatch(background: ExplainBatch, batch: ExplainBatch, row: number, first: number, last: number): ExplainBatch {
  const backgroundRows = background.rowCount;
  const rowCount = (last - first) * backgroundRows;
  const columns = background.columns.map((column, feature) => {
    const bit = 1 << feature;
    const own = batch.columns[feature]![row]!;
    const out = column instanceof Float64Array ? new Float64Array(rowCount) : new Array<string | null>(rowCount);
    for (let mask = first; mask < last; mask++) {
      const base = (mask - first) * backgroundRows;
      const fromRow = (mask & bit) !== 0;
      for (let r = 0; r < backgroundRows; r++) out[base + r] = fromRow ? own : column[r]!;
    }
    return out as Float64Array | (string | null)[];
  });
  return { rowCount, columns };
}

/** |S|!(M−|S|−1)!/M! for |S| = 0 … M−1. */
function shapleyWeights(featureCount: number): Float64Array {
  const weights = new Float64Array(featureCount);
  for (let size = 0; size < featureCount; size++) {
    // Computed as 1 / (M · C(M−1, |S|)) to stay exact for M up to the cap.
    weights[size] = 1 / (featureCount * binomial(featureCount - 1, size));
  }
  return weights;
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

function popCount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
}
