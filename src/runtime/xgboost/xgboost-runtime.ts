import type { TreeModel } from '../../core/explain/tree-model.ts';
import type { LoadedModel, LoadOptions, ModelRuntime } from '../model-runtime.ts';
import { parseXGBoostModel } from './parse-xgboost-model.ts';
import { predictXGBoost } from './predict-xgboost.ts';
import { xgboostTreeModel } from './tree-model.ts';

/**
 * XGBoost models saved as JSON, evaluated in TypeScript: no native code, the same answers as
 * XGBoost 3.2's own predictor to float32 rounding.
 */
export const xgboostRuntime: ModelRuntime = {
  format: 'xgboost',
  async load(bytes: Uint8Array, options?: LoadOptions): Promise<LoadedModel> {
    const model = parseXGBoostModel(bytes, options);
    // Built on first use and kept: explanations ask for it on every call, prediction never does.
    let treeModel: TreeModel | undefined | null = null;
    return {
      format: 'xgboost',
      signature: model.signature,
      predict: async (batch) => predictXGBoost(model, batch),
      treeModel: () => {
        if (treeModel === null) treeModel = xgboostTreeModel(model);
        return treeModel;
      },
      close: async () => {},
    };
  },
};
