import { fullFeatureName, type FeatureRef } from './feature-definitions.ts';

/**
 * The column each requested feature gets in a training set: its own name, or `view__feature` when
 * `fullNames` is asked for, when two requested views share the name, or when the entity file already
 * has a column of that name (entity rows keep all their columns; a feature never overwrites one).
 */
export function trainingSetColumns(refs: readonly FeatureRef[], entityColumns: readonly string[], fullNames: boolean): string[] {
  const views = new Map<string, Set<string>>();
  for (const ref of refs) {
    let set = views.get(ref.feature);
    if (set === undefined) views.set(ref.feature, (set = new Set()));
    set.add(ref.view);
  }
  const taken = new Set(entityColumns);
  return refs.map((ref) => (fullNames || views.get(ref.feature)!.size > 1 || taken.has(ref.feature) ? fullFeatureName(ref) : ref.feature));
}
