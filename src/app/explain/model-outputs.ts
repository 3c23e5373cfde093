import type { ExplanationSpace, PredictOutputs } from '../../core/explain/explanation.ts';
import type { FeatureBatch, LoadedModel } from '../../runtime/model-runtime.ts';

/** How many outputs a model-agnostic explanation of the model has, and in which space. */
export interface ServedOutputs {
  readonly outputCount: number;
  readonly space: ExplanationSpace;
  readonly predict: PredictOutputs;
}

/**
 * The served output of a loaded model as model-agnostic explainers see it: P(class 1) for a binary
 * classifier (shap's convention of explaining the positive class), every class's probability for a
 * multiclass one, the value for a regressor.
 */
export function servedOutputs(model: LoadedModel): ServedOutputs {
  const output = model.signature.output;
  const classCount = output.classes?.length ?? 0;
  const outputCount = output.kind === 'multiclass' ? classCount : 1;
  return {
    outputCount,
    space: output.kind === 'regression' ? 'value' : 'probability',
    predict: async (batch) => {
      const prediction = await model.predict(batch as FeatureBatch);
      if (prediction.kind === 'regression') return prediction.values;
      if (prediction.kind === 'multiclass') return prediction.probabilities;
      const positive = new Float64Array(batch.rowCount);
      for (let row = 0; row < batch.rowCount; row++) positive[row] = prediction.probabilities[2 * row + 1]!;
      return positive;
    },
  };
}
