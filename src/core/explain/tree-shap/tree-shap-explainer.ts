import type { BatchExplanation, ExplainBatch, ModelExplainer } from '../explanation.ts';
import type { TreeModel } from '../tree-model.ts';
import { expectedTreeValue, TreeShapWalker, treeDepth } from './tree-shap.ts';

/**
 * Exact path-dependent TreeSHAP over a model's own trees, in its margin space: per row and output the
 * contributions plus the base value (the base margin and every tree's expected value under its
 * training cover: XGBoost's bias column) add up to the raw margin the model predicts.
 */
export function createTreeShapExplainer(model: TreeModel): ModelExplainer {
  const { featureCount, outputCount, trees } = model;
  const baseValues = Float64Array.from(model.baseMargins);
  let maxDepth = 0;
  trees.forEach((tree) => {
    baseValues[tree.output]! += expectedTreeValue(tree);
    maxDepth = Math.max(maxDepth, treeDepth(tree));
  });
  const walker = new TreeShapWalker(model, maxDepth);

  return {
    method: 'tree_shap',
    space: 'margin',
    async explain(batch: ExplainBatch): Promise<BatchExplanation> {
      const columns = numericColumns(batch, featureCount);
      const { rowCount } = batch;
      const contributions = new Float64Array(rowCount * outputCount * featureCount);
      const outputs = new Float64Array(rowCount * outputCount);
      const row = new Float64Array(featureCount);
      for (let r = 0; r < rowCount; r++) {
        for (let f = 0; f < featureCount; f++) row[f] = columns[f]![r]!;
        const rowOffset = r * outputCount;
        for (let t = 0; t < trees.length; t++) {
          walker.addTree(t, row, contributions, (rowOffset + trees[t]!.output) * featureCount);
        }
        for (let o = 0; o < outputCount; o++) {
          let sum = baseValues[o]!;
          const offset = (rowOffset + o) * featureCount;
          for (let f = 0; f < featureCount; f++) sum += contributions[offset + f]!;
          outputs[rowOffset + o] = sum;
        }
      }
      return {
        method: 'tree_shap',
        space: 'margin',
        rowCount,
        featureCount,
        outputCount,
        baseValues: baseValues.slice(),
        contributions,
        outputs,
      };
    },
  };
}

/** Tree models read numbers only (category codes included): a string column means the batch is not this model's. */
function numericColumns(batch: ExplainBatch, featureCount: number): readonly Float64Array[] {
  if (batch.columns.length !== featureCount) {
    throw new RangeError(`TreeSHAP: the batch has ${batch.columns.length} columns, the model ${featureCount} features`);
  }
  return batch.columns.map((column, f) => {
    if (!(column instanceof Float64Array)) throw new TypeError(`TreeSHAP: column ${f} must be numeric (a Float64Array)`);
    return column;
  });
}
