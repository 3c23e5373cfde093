import type { FeatureSpec } from './signature.ts';

/**
 * What JSON an instance gives for a feature: a number (number, integer, a category known only by its
 * codes), text (a string input, such as an ONNX pipeline with its own encoder), or either (a category
 * whose names the model carries takes the name or the code; read-instances.ts).
 */
export type RequestValueKind = 'number' | 'text' | 'name or code';

export function requestValueKind(feature: FeatureSpec): RequestValueKind {
  if (feature.type === 'string') return 'text';
  if (feature.type === 'category' && feature.categories !== undefined && feature.categories.length > 0) return 'name or code';
  return 'number';
}

/**
 * Whether two versions can be sent the same instance value for a feature: the XGBoost version of a
 * model with named categories and the ONNX pipeline of it that reads the names as text both take
 * `"salaried"`. Whether each knows every value is a matter of rows, not of the versions' inputs.
 */
export function readAlike(a: FeatureSpec, b: FeatureSpec): boolean {
  const [x, y] = [requestValueKind(a), requestValueKind(b)];
  return x === y || x === 'name or code' || y === 'name or code';
}
