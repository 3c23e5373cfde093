import type { TreeModel } from '../../core/explain/tree-model.ts';
import type { ModelSignature } from '../../core/signature.ts';
import { checkBatch } from '../check-batch.ts';
import type { FeatureBatch, LoadedModel, ModelRuntime, PredictionOutput } from '../model-runtime.ts';
import { flattenForest } from './flatten-forest.ts';
import type { FlatForest } from './flatten-forest.ts';
import { lightGbmSignature } from './lightgbm-signature.ts';
import type { LightGbmObjective } from './objectives.ts';
import { parseLightGbmModel } from './parse-lightgbm-model.ts';
import { convertScores, createRowBlock, predictRawScores } from './predict-lightgbm.ts';
import { lightGbmTreeModel } from './tree-model.ts';

/** LightGBM text models (Booster.save_model), predicted in pure TypeScript. */
export const lightgbmRuntime: ModelRuntime = {
  format: 'lightgbm',
  async load(bytes: Uint8Array): Promise<LoadedModel> {
    const model = parseLightGbmModel(bytes);
    const signature = lightGbmSignature(model);
    const forest = flattenForest(model.trees, model.featureNames.length, model.numTreePerIteration);
    return new LightGbmLoadedModel(signature, forest, model.objective, model.averageOutput);
  },
};

export class LightGbmLoadedModel implements LoadedModel {
  readonly format = 'lightgbm' as const;
  // Reused by every call: predict runs to completion synchronously, so calls never share it concurrently.
  private readonly rowBlock: Float64Array;
  // Built on first use: explanations ask for it on every call, prediction never does.
  private explainable: TreeModel | undefined | null = null;

  constructor(
    readonly signature: ModelSignature,
    private readonly forest: FlatForest,
    private readonly objective: LightGbmObjective,
    private readonly averageOutput: boolean,
  ) {
    this.rowBlock = createRowBlock(forest);
  }

  /** Booster.predict(raw_score=True): rowCount × numOutputs scores, row-major. */
  predictRaw(batch: FeatureBatch): Float64Array {
    const columns = this.checkBatch(batch);
    const scores = new Float64Array(batch.rowCount * this.forest.numOutputs);
    predictRawScores(this.forest, columns, batch.rowCount, scores, this.rowBlock);
    return scores;
  }

  /** Booster.predict: probabilities of class 1 (binary), per-class probabilities, or values. */
  predictConverted(batch: FeatureBatch): Float64Array {
    const scores = this.predictRaw(batch);
    convertScores(scores, batch.rowCount, this.forest, this.objective, this.averageOutput);
    return scores;
  }

  async predict(batch: FeatureBatch): Promise<PredictionOutput> {
    const scores = this.predictConverted(batch);
    const output = this.signature.output;
    if (output.kind === 'regression') return { kind: 'regression', values: scores };
    const classes = output.classes ?? [];
    const k = classes.length;
    const probabilities = output.kind === 'binary' ? binaryProbabilities(scores) : scores;
    const labelIndex = new Int32Array(batch.rowCount);
    for (let r = 0; r < batch.rowCount; r++) {
      // First maximum wins, like numpy's argmax in LGBMClassifier.predict.
      let best = 0;
      for (let c = 1; c < k; c++) if (probabilities[r * k + c]! > probabilities[r * k + best]!) best = c;
      labelIndex[r] = best;
    }
    return { kind: output.kind, classes, probabilities, labelIndex };
  }

  treeModel(): TreeModel | undefined {
    if (this.explainable === null) this.explainable = lightGbmTreeModel(this.forest, this.averageOutput);
    return this.explainable;
  }

  async close(): Promise<void> {}

  private checkBatch(batch: FeatureBatch): Float64Array[] {
    checkBatch(this.signature.inputs, batch);
    // Every LightGBM input is numeric (numbers or category codes), so every column is a Float64Array.
    return batch.columns as Float64Array[];
  }
}

/** [P(class 0), P(class 1)] per row from LightGBM's P(class 1). */
function binaryProbabilities(positive: Float64Array): Float64Array {
  const probabilities = new Float64Array(positive.length * 2);
  for (let r = 0; r < positive.length; r++) {
    probabilities[2 * r] = 1 - positive[r]!;
    probabilities[2 * r + 1] = positive[r]!;
  }
  return probabilities;
}
