import type { ModelFormat } from '../../core/signature.ts';

/**
 * Why a model's own trees cannot be explained exactly (its runtime's treeModel() gave nothing), in
 * words a user can act on; the explain fallback message and the tree_shap refusal both say it.
 */
export function whyNoTreeShap(format: ModelFormat): string {
  switch (format) {
    case 'xgboost':
      return 'TreeSHAP needs trees with their training cover, and this XGBoost model has none (gblinear, or a file without sum_hessian)';
    case 'lightgbm':
      return 'TreeSHAP needs constant leaves with their training counts, and this LightGBM model has linear leaves (linear_tree) or no internal_count/leaf_count';
    case 'onnx':
      return 'TreeSHAP reads XGBoost and LightGBM trees only, and an ONNX model is explained through its predictions';
  }
}
