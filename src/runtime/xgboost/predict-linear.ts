import type { LinearBooster } from './xgboost-model.ts';

/**
 * gblinear's prediction (GBLinear::Pred): bias plus base margin, then weight × value for each
 * value present, each step rounded to float32 in feature order. `margins` holds the base margins.
 */
export function addLinearMargins(
  linear: LinearBooster,
  features: Float32Array,
  featureCount: number,
  rowCount: number,
  groupCount: number,
  margins: Float32Array,
): void {
  const { weights } = linear;
  const biasOffset = featureCount * groupCount;
  const f32 = Math.fround;
  for (let row = 0; row < rowCount; row++) {
    const offset = row * featureCount;
    for (let group = 0; group < groupCount; group++) {
      const at = row * groupCount + group;
      let sum = f32(weights[biasOffset + group]! + margins[at]!);
      for (let feature = 0; feature < featureCount; feature++) {
        const value = features[offset + feature]!;
        if (value === value) sum = f32(sum + f32(value * weights[feature * groupCount + group]!));
      }
      margins[at] = sum;
    }
  }
}
