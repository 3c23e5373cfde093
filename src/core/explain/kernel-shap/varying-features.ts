import type { ExplainBatch } from '../explanation.ts';

/**
 * The features of row `row` whose value differs from at least one background row's. A feature equal to
 * every background value cannot change any coalition's output, so its Shapley value is zero and shap's
 * KernelExplainer leaves it out of the regression ("varying" groups); so does Ballast, which also saves
 * coalitions for the features that matter. Numbers compare as numpy's isclose (rtol 1e-5, atol 1e-8,
 * NaN equal to NaN), as shap compares them; strings and missing values by equality.
 */
export function varyingFeatures(background: ExplainBatch, batch: ExplainBatch, row: number): number[] {
  const varying: number[] = [];
  background.columns.forEach((column, feature) => {
    const value = batch.columns[feature]![row] ?? null;
    for (let r = 0; r < background.rowCount; r++) {
      if (!sameValue(value, column[r] ?? null)) {
        varying.push(feature);
        return;
      }
    }
  });
  return varying;
}

function sameValue(a: number | string | null, b: number | string | null): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
  }
  return a === b;
}
