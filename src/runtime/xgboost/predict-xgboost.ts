import { checkBatch } from '../check-batch.ts';
import type { FeatureBatch, PredictionOutput } from '../model-runtime.ts';
import { argmaxFirst, exp32, sigmoid32, softmax32 } from './objectives.ts';
import { addLinearMargins } from './predict-linear.ts';
import { addTreeMargins } from './predict-trees.ts';
import type { XGBoostModel } from './xgboost-model.ts';

/**
 * Raw margins (XGBoost's `output_margin=True`), rowCount × groupCount row-major: base margin
 * plus the booster's output, in float32.
 */
export function predictMargins(model: XGBoostModel, batch: FeatureBatch): Float32Array {
  const { featureCount, groupCount } = model;
  const rowCount = batch.rowCount;
  const features = rowMajorFloat32(model, batch);
  const margins = new Float32Array(rowCount * groupCount);
  for (let row = 0; row < rowCount; row++) margins.set(model.baseMargins, row * groupCount);
  if (model.booster.kind === 'trees') addTreeMargins(model.booster, features, featureCount, rowCount, groupCount, margins);
  else addLinearMargins(model.booster, features, featureCount, rowCount, groupCount, margins);
  return margins;
}

/** Predictions in the shape the runtime interface promises, from the objective's transform. */
export function predictXGBoost(model: XGBoostModel, batch: FeatureBatch): PredictionOutput {
  const margins = predictMargins(model, batch);
  const rowCount = batch.rowCount;
  const { objective, groupCount, signature } = model;
  if (objective.output === 'regression') {
    const values = new Float64Array(rowCount);
    const link = objective.link;
    for (let row = 0; row < rowCount; row++) {
      const margin = margins[row]!;
      values[row] = link === 'logistic' ? sigmoid32(margin) : link === 'exp' ? exp32(margin) : margin;
    }
    return { kind: 'regression', values };
  }
  const classes = signature.output.classes ?? [];
  const labelIndex = new Int32Array(rowCount);
  if (objective.output === 'binary') {
    const probabilities = new Float64Array(rowCount * 2);
    for (let row = 0; row < rowCount; row++) {
      const positive = sigmoid32(margins[row]!);
      probabilities[2 * row] = 1 - positive;
      probabilities[2 * row + 1] = positive;
      // XGBClassifier.predict: class 1 when its probability is above one half.
      labelIndex[row] = positive > 0.5 ? 1 : 0;
    }
    return { kind: 'binary', classes, probabilities, labelIndex };
  }
  const probabilities = new Float64Array(rowCount * groupCount);
  for (let row = 0; row < rowCount; row++) {
    const offset = row * groupCount;
    softmax32(margins, offset, groupCount, probabilities);
    labelIndex[row] = argmaxFirst(margins, offset, groupCount);
  }
  return { kind: 'multiclass', classes, probabilities, labelIndex };
}

/**
 * Copies the column-major batch into one row-major float32 buffer: XGBoost casts every input to
 * float32 before comparing it with a threshold, and a row's features are then adjacent while its
 * trees are walked.
 */
function rowMajorFloat32(model: XGBoostModel, batch: FeatureBatch): Float32Array {
  const { featureCount } = model;
  checkBatch(model.signature.inputs, batch);
  const { rowCount } = batch;
  // Every XGBoost input is numeric (numbers or category codes), so every column is a Float64Array.
  const columns = batch.columns as readonly Float64Array[];
  const features = new Float32Array(rowCount * featureCount);
  for (let feature = 0; feature < featureCount; feature++) {
    const column = columns[feature]!;
    for (let row = 0; row < rowCount; row++) features[row * featureCount + feature] = column[row]!;
  }
  return features;
}
