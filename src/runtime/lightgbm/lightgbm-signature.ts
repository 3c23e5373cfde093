import type { FeatureSpec, ModelSignature } from '../../core/signature.ts';
import type { LightGbmModel } from './parse-lightgbm-model.ts';
import { CATEGORICAL_MASK } from './parse-lightgbm-tree.ts';
import { loadError } from './text-fields.ts';

/**
 * Which features are categorical. A LightGBM file says so in three places, none complete on its own:
 * the `categorical_feature` parameter (absent when the parameters section is), `feature_infos`
 * (a categorical feature lists its categories, `0:1:2`, unless it was unused: `none`), and the
 * categorical splits of the trees.
 */
export function categoricalFeatures(model: LightGbmModel): number[] {
  const categorical = new Set<number>(model.categoricalFeatureParameter ?? []);
  model.featureInfos?.forEach((info, feature) => {
    if (info !== 'none' && !info.startsWith('[')) categorical.add(feature);
  });
  for (const tree of model.trees) {
    tree.decisionType.forEach((decision, node) => {
      if ((decision & CATEGORICAL_MASK) !== 0) categorical.add(tree.splitFeature[node]!);
    });
  }
  return [...categorical].sort((a, b) => a - b);
}

/**
 * The Python package writes one category list per category-dtype column of the training DataFrame,
 * and codes a value as its index in that list. Unordered category columns are exactly the categorical
 * features when the model was trained with categorical_feature='auto'; anything else (an ordered
 * category column, which LightGBM treats as numeric, or an extra integer categorical column) makes the
 * lists impossible to pair with features, so such a model is refused rather than mislabelled.
 */
function categoryNamesByFeature(model: LightGbmModel, categorical: readonly number[]): Map<number, readonly string[]> {
  const lists = model.pandasCategorical ?? [];
  const byFeature = new Map<number, readonly string[]>();
  if (lists.length === 0) return byFeature;
  if (lists.length !== categorical.length) {
    throw loadError(
      `pandas_categorical has ${lists.length} category lists but the model has ${categorical.length} categorical features, so names cannot be matched to features ` +
        '(ordered pandas categories are numeric to LightGBM); train with unordered categories, or delete the pandas_categorical line to send category codes',
    );
  }
  categorical.forEach((feature, i) => {
    const names = lists[i]!;
    const seen = model.featureInfos?.[feature];
    // Seen codes must index the list, or the pairing is wrong.
    if (seen !== undefined && seen !== 'none' && !seen.startsWith('[') && seen.split(':').some((code) => Number(code) >= names.length)) {
      throw loadError(
        `feature '${model.featureNames[feature]}' has category codes (${seen}) beyond its ${names.length} pandas_categorical names`,
      );
    }
    byFeature.set(feature, names);
  });
  return byFeature;
}

export function lightGbmSignature(model: LightGbmModel): ModelSignature {
  const categorical = categoricalFeatures(model);
  const names = categoryNamesByFeature(model, categorical);
  const inputs = model.featureNames.map((name, feature): FeatureSpec => {
    if (!categorical.includes(feature)) return { name, type: 'number' };
    const categories = names.get(feature);
    return categories ? { name, type: 'category', categories } : { name, type: 'category' };
  });
  const { kind, numOutputs } = model.objective;
  if (kind === 'regression') return { inputs, output: { kind } };
  const classes = kind === 'binary' ? [0, 1] : Array.from({ length: numOutputs }, (_, i) => i);
  return { inputs, output: { kind, classes } };
}
