import type { ExplainBatch } from '../../explanation.ts';
import type { TreeModel } from '../../tree-model.ts';
import type { ModelAnswers } from '../counterfactual.ts';
import { walkMargin } from './hand-trees.ts';

/** A binary classifier over a hand-built tree model: P(class 1) = sigmoid(margin), label 1 above 0.5. */
export function treeClassifier(model: TreeModel, classes: readonly unknown[] = [0, 1]): (batch: ExplainBatch) => Promise<ModelAnswers> {
  return async (batch) => {
    const probabilities = new Float64Array(2 * batch.rowCount);
    const labelIndex = new Int32Array(batch.rowCount);
    for (let row = 0; row < batch.rowCount; row++) {
      const values = batch.columns.map((column) => column[row] as number);
      const p = 1 / (1 + Math.exp(-walkMargin(model, values)));
      probabilities[2 * row] = 1 - p;
      probabilities[2 * row + 1] = p;
      labelIndex[row] = p > 0.5 ? 1 : 0;
    }
    return { kind: 'binary', classes, probabilities, labelIndex };
  };
}
