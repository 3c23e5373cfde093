import { BallastError } from '../../core/errors.ts';
import type { FeatureSetRecord, FeatureViewDefinition } from '../../core/features/feature-definitions.ts';
import type { AppContext } from '../context.ts';

/** Every applied version of the feature definitions, newest first. */
export async function listFeatureSets(ctx: AppContext): Promise<FeatureSetRecord[]> {
  return ctx.store.featureSets.list();
}

/** A view of a version by name; `feature_not_found` names the views there are. */
export function findFeatureView(record: FeatureSetRecord, name: string): FeatureViewDefinition {
  const view = record.definitions.featureViews.find((v) => v.name === name);
  if (view !== undefined) return view;
  const names = record.definitions.featureViews.map((v) => v.name);
  throw new BallastError(
    'feature_not_found',
    `no feature view is named ${JSON.stringify(name)} in feature definitions version ${record.version} (views: ${names.join(', ') || 'none'})`,
  );
}
