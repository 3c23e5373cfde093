import { BallastError } from '../../core/errors.ts';
import type { ExplainMethod, ExplanationSpace } from '../../core/explain/explanation.ts';
import { outcomeInWords, reasonsInWords } from '../../core/explain/reasons.ts';
import { BatchShapeError, type FeatureBatch, type LoadedModel, type PredictionOutput } from '../../runtime/model-runtime.ts';
import { toPredictionRecords, type PredictionRecord } from '../../runtime/prediction-records.ts';
import type { ChosenExplainer } from './choose-explainer.ts';
import type { ExplainWording } from './explain-wording.ts';

/** Reasons per row when the caller does not say. */
export const DEFAULT_REASONS = 3;

/**
 * One row's explanation as the CLI writes it and the API answers it (snake_case wire shape): binary
 * and regression models have one output (class 1 for binary); multiclass models one per class, in
 * the model's class order.
 */
export interface ExplanationObject {
  readonly base_value: number | number[];
  readonly contributions: Record<string, number> | Record<string, number>[];
  /** base_value + Σ contributions, in `space`. */
  readonly output: number | number[];
  /** The row's prediction as POST …/predict answers it. */
  readonly prediction: PredictionRecord;
  readonly reasons: string[];
  readonly method: ExplainMethod;
  readonly space: ExplanationSpace;
}

/** A loaded model with its explainer and the words for its features. */
export interface ExplainSubject {
  readonly model: LoadedModel;
  readonly chosen: ChosenExplainer;
  readonly wording: ExplainWording;
}

/**
 * Predicts and explains a batch. `shown[row][feature]` is each feature's value as the reasons say it:
 * the value as the row gave it (a category's name, not its code), or `***` where it is masked.
 */
export async function explainRows(
  subject: ExplainSubject,
  batch: FeatureBatch,
  shown: readonly (readonly unknown[])[],
  top: number,
): Promise<ExplanationObject[]> {
  const { model, chosen, wording } = subject;
  // The prediction first: a row the model cannot take is refused before any coalition is scored.
  const prediction = await predict(model, batch);
  const explanation = await chosen.explainer.explain(batch);
  const names = model.signature.inputs.map((input) => input.name);
  const perClass = model.signature.output.kind === 'multiclass' || explanation.outputCount > 1;
  const records = toPredictionRecords(prediction);
  const { outputCount, featureCount } = explanation;
  return records.map((record, row) => {
    const contributions: Record<string, number>[] = [];
    for (let output = 0; output < outputCount; output++) {
      const start = (row * outputCount + output) * featureCount;
      contributions.push(Object.fromEntries(names.map((name, f) => [name, explanation.contributions[start + f]!])));
    }
    const outputs = Array.from(explanation.outputs.subarray(row * outputCount, (row + 1) * outputCount));
    // A multiclass row is explained in words by its predicted class's output; others have one output.
    const explained = prediction.kind === 'regression' || !perClass ? 0 : prediction.labelIndex[row]!;
    const start = (row * outputCount + explained) * featureCount;
    const reasons = reasonsInWords({
      features: wording.features,
      values: shown[row] ?? [],
      contributions: explanation.contributions.subarray(start, start + featureCount),
      outcome: outcomeInWords(model.signature.output, { target: wording.target, predicted: 'label' in record ? record.label : undefined }),
      top,
    });
    return {
      base_value: perClass ? Array.from(explanation.baseValues) : explanation.baseValues[0]!,
      contributions: perClass ? contributions : contributions[0]!,
      output: perClass ? outputs : outputs[0]!,
      prediction: record,
      reasons,
      method: explanation.method,
      space: explanation.space,
    };
  });
}

async function predict(model: LoadedModel, batch: FeatureBatch): Promise<PredictionOutput> {
  try {
    return await model.predict(batch);
  } catch (error) {
    // A value the batch reader accepted but this model cannot take (e.g. a missing int64 for ONNX).
    if (error instanceof BatchShapeError) throw new BallastError('invalid_value', error.message);
    throw error;
  }
}
