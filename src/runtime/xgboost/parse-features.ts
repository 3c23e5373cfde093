import type { FeatureSpec, FeatureType } from '../../core/signature.ts';
import { ModelLoadError } from '../model-runtime.ts';
import { invalidField, stringArrayField, type JsonObject } from './json-fields.ts';

/** XGBoost's feature type codes: float and q(uantitative) are real, int and i(ndicator) whole, c categorical. */
const FEATURE_TYPES: Readonly<Record<string, FeatureType>> = {
  float: 'number',
  q: 'number',
  int: 'integer',
  i: 'integer',
  c: 'category',
};

export interface FeatureSources {
  readonly featureCount: number;
  /** Names to use when the model carries none (LoadOptions.featureNames). */
  readonly fallbackNames: readonly string[] | undefined;
  /** Features some tree splits on by category. */
  readonly categoricalFeatures: ReadonlySet<number>;
  /** Category names per feature, from `model.cats`. */
  readonly categoryNames: ReadonlyArray<readonly string[] | undefined>;
}

/** The model's inputs from learner.feature_names / feature_types, in the order XGBoost reads them. */
export function parseFeatures(learner: JsonObject, path: string, sources: FeatureSources): FeatureSpec[] {
  const { featureCount } = sources;
  const names = learner['feature_names'] === undefined ? [] : stringArrayField(learner, 'feature_names', path);
  const types = learner['feature_types'] === undefined ? [] : stringArrayField(learner, 'feature_types', path);
  if (names.length !== 0 && names.length !== featureCount) {
    invalidField(`${path}.feature_names`, `must name all ${featureCount} features (num_feature)`, String(names.length));
  }
  if (types.length !== 0 && types.length !== featureCount) {
    invalidField(`${path}.feature_types`, `must give all ${featureCount} features a type (num_feature)`, String(types.length));
  }
  const resolvedNames = names.length > 0 ? names : defaultNames(featureCount, sources.fallbackNames);
  const seen = new Set<string>();
  return resolvedNames.map((name, index) => {
    if (seen.has(name)) invalidField(`${path}.feature_names`, 'must be distinct', JSON.stringify(name));
    seen.add(name);
    const code = types[index];
    const declared = code === undefined ? 'number' : FEATURE_TYPES[code];
    if (declared === undefined) {
      invalidField(`${path}.feature_types[${index}]`, `must be one of ${Object.keys(FEATURE_TYPES).join(', ')}`, JSON.stringify(code));
    }
    // The split type decides how XGBoost reads a value, so a categorical split makes a category.
    const type: FeatureType = sources.categoricalFeatures.has(index) ? 'category' : declared;
    const categories = type === 'category' ? sources.categoryNames[index] : undefined;
    return categories === undefined ? { name, type } : { name, type, categories };
  });
}

function defaultNames(featureCount: number, fallback: readonly string[] | undefined): readonly string[] {
  if (fallback === undefined) return Array.from({ length: featureCount }, (_, i) => `f${i}`);
  if (fallback.length !== featureCount) {
    throw new ModelLoadError(
      `XGBoost model has ${featureCount} unnamed features but ${fallback.length} feature names were given; give exactly ${featureCount}`,
    );
  }
  return fallback;
}
