import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { BallastError } from '../../core/errors.ts';
import type { PredictionOutput } from '../model-runtime.ts';
import { mostProbable, scoresToProbabilities } from './class-scores.ts';
import type { ReadPlan } from './onnx-output-plan.ts';

/**
 * Turns one run's outputs into Ballast's prediction shape. The predicted label is the model's own
 * label output (not an argmax here), so thresholds or tie-breaking inside the graph are kept.
 */
export function readPrediction(plan: ReadPlan, results: InferenceSession.ReturnType, rowCount: number): PredictionOutput {
  if (plan.kind === 'regression') {
    const values = numbers(tensorOf(results, plan.valueOutput), plan.valueOutput);
    if (values.length !== rowCount) throw inconsistent(`output "${plan.valueOutput}" has ${values.length} values for ${rowCount} rows`);
    return { kind: 'regression', values: Float64Array.from(values) };
  }
  if (plan.kind === 'scores') return readScores(plan, results, rowCount);
  const { classes } = plan;
  return {
    kind: classes.length === 2 ? 'binary' : 'multiclass',
    classes,
    probabilities: probabilities(plan, tensorOf(results, plan.probabilityOutput), rowCount),
    labelIndex: labelIndexes(plan, tensorOf(results, plan.labelOutput), rowCount),
  };
}

/** A score-only classifier: its scores as probabilities, and the most probable class as the label. */
function readScores(plan: Extract<ReadPlan, { kind: 'scores' }>, results: InferenceSession.ReturnType, rowCount: number): PredictionOutput {
  const { classes, scores } = plan;
  if (scores === undefined) throw inconsistent('the reading of its scores was never decided');
  const values = numbers(tensorOf(results, plan.scoresOutput), plan.scoresOutput);
  const probabilities = scoresToProbabilities(values, rowCount, classes.length, scores);
  if (probabilities === undefined)
    throw inconsistent(
      `scores output "${plan.scoresOutput}" has ${values.length} values for ${rowCount} rows of ${classes.length} classes`,
    );
  return {
    kind: classes.length === 2 ? 'binary' : 'multiclass',
    classes,
    probabilities,
    labelIndex: mostProbable(probabilities, rowCount, classes.length),
  };
}

function labelIndexes(plan: Extract<ReadPlan, { kind: 'classifier' }>, tensor: Tensor, rowCount: number): Int32Array {
  // Keyed by text so an int64 label (a bigint) meets a class label read from the graph as a number.
  const indexOf = new Map(plan.classes.map((label, index) => [String(label), index]));
  const labels = tensor.data;
  if (labels.length !== rowCount) throw inconsistent(`label output "${plan.labelOutput}" has ${labels.length} labels for ${rowCount} rows`);
  const indexes = new Int32Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    const label = String(labels[row]);
    const index = indexOf.get(label);
    if (index === undefined) {
      throw inconsistent(
        `label output "${plan.labelOutput}" gave ${JSON.stringify(label)}, which is not one of its classes ${JSON.stringify(plan.classes)}`,
      );
    }
    indexes[row] = index;
  }
  return indexes;
}

function probabilities(plan: Extract<ReadPlan, { kind: 'classifier' }>, tensor: Tensor, rowCount: number): Float64Array {
  const scores = numbers(tensor, plan.probabilityOutput);
  const classCount = plan.classes.length;
  if (scores.length === rowCount * classCount) return Float64Array.from(scores);
  if (classCount === 2 && scores.length === rowCount) {
    // Only P(second class) was given: rebuild [P(class 0), P(class 1)] per row.
    const pairs = new Float64Array(rowCount * 2);
    for (let row = 0; row < rowCount; row++) {
      pairs[row * 2] = 1 - scores[row]!;
      pairs[row * 2 + 1] = scores[row]!;
    }
    return pairs;
  }
  throw inconsistent(
    `probabilities output "${plan.probabilityOutput}" has ${scores.length} values for ${rowCount} rows of ${classCount} classes`,
  );
}

function tensorOf(results: InferenceSession.ReturnType, name: string): Tensor {
  const value = results[name];
  if (value === undefined) throw inconsistent(`ONNX Runtime returned no output "${name}"`);
  return value;
}

function numbers(tensor: Tensor, name: string): Float32Array | Float64Array {
  const { data } = tensor;
  if (data instanceof Float32Array || data instanceof Float64Array) return data;
  throw inconsistent(`output "${name}" is ${tensor.type}, not float or double`);
}

function inconsistent(detail: string): BallastError {
  return new BallastError('invalid_model', `the ONNX model answered inconsistently: ${detail}`);
}
